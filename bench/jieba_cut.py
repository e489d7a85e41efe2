#!/usr/bin/python3
"""The reference a Python user would reach for: jieba's default cut over the
same files as bench/segment, timed the same way (median of runs, each run
repeating whole passes for at least SECONDS, MB = 10^6 bytes of UTF-8).
The dictionary is loaded and one pass made before any timing.

usage: jieba_cut.py RUNS SECONDS SEED CORPUS_FILE...
prints: seed_mbps X / corpus_mbps Y

usage: jieba_cut.py --passes N FILE...
loads the dictionary and cuts the files N times, untimed: bench/segment.sh
runs it under callgrind with N = 1 and 2, and the difference is one warm
pass, the dictionary load and first-pass costs cancelled out.
"""
import logging
import statistics
import sys
import time

import jieba


def load(paths):
    texts = []
    for path in paths:
        with open(path, "rb") as f:
            texts.append(f.read())
    return [t.decode("utf-8") for t in texts], sum(len(t) for t in texts)


def one_pass(texts):
    for text in texts:
        for _ in jieba.cut(text):
            pass


def throughput(texts, size, runs, min_seconds):
    one_pass(texts)
    rates = []
    for _ in range(runs):
        passes = 0
        start = time.perf_counter()
        while True:
            one_pass(texts)
            passes += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        rates.append(size * passes / elapsed / 1e6)
    return statistics.median(rates)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--passes":
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        texts, _ = load(sys.argv[3:])
        for _ in range(int(sys.argv[2])):
            one_pass(texts)
        return
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    runs, min_seconds = int(sys.argv[1]), float(sys.argv[2])
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    seed, seed_size = load(sys.argv[3:4])
    corpus, corpus_size = load(sys.argv[4:])
    print("seed_mbps %.3f" % throughput(seed, seed_size, runs, min_seconds))
    print("corpus_mbps %.3f" % throughput(corpus, corpus_size, runs, min_seconds))


if __name__ == "__main__":
    main()
