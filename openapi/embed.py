#!/usr/bin/env python3
"""Build step: turns openapi.json into a C array so the service answers
GET /openapi.json from the document in this folder, not from a copy.
Fails the build when the document is not JSON."""
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
json.loads(data)
with open(dst, 'w') as out:
    out.write('/* Generated from openapi/openapi.json by openapi/embed.py. */\n')
    out.write('extern const char podium_openapi_json[];\n')
    out.write('const char podium_openapi_json[] = {\n')
    for i in range(0, len(data), 16):
        out.write(''.join('%d,' % b for b in data[i:i + 16]) + '\n')
    out.write('0};\n')
