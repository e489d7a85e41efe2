#!/usr/bin/env python3
"""Build step: turns openapi.json into a C string so the service answers
GET /openapi.json from the document in this folder, not from a copy.
Fails the build when the document is not JSON.

The document holds Chinese samples: as C string literals (the fixtures'
own encoder) its UTF-8 bytes go through unchanged, where an array of
byte values overflowed `char` on every byte above 127."""
import importlib.util
import json
import os
import sys

# Both files are called embed.py: load the fixtures' one by its path.
spec = importlib.util.spec_from_file_location('fixtures_embed', os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'embed.py'))
fixtures_embed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures_embed)

src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding='utf-8', newline='') as f:
    text = f.read()
json.loads(text)
with open(dst, 'w', encoding='utf-8') as out:
    out.write('/* Generated from openapi/openapi.json by openapi/embed.py. */\n')
    out.write('extern const char podium_openapi_json[];\n')
    out.write('const char podium_openapi_json[] =\n')
    out.write('\n'.join(fixtures_embed.c_literal_lines(text)) + ';\n')
