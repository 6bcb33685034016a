#!/usr/bin/env python3
"""Checks that the server's error message keys and the web dictionaries agree.

An Error that a person may meet on a screen carries a key ("booking.soldOut") and parameters
(common/result.h); the web app shows the dictionary's "server.<key>" text in the user's language.
This check fails when:
  - the server emits a key that web/src/i18n/en.ts does not translate;
  - en.ts has a "server.*" text that no server code emits (a renamed or dropped key);
  - a text uses a {placeholder} that a call site emitting its key does not pass;
  - es.ts or fr.ts use other placeholders than en.ts for the same key.
(tsc already makes es.ts and fr.ts carry every key of en.ts.)

Keys are the string literals "<area>.<name>" (one of AREAS) in the statements of non-test C++
sources that call with_key( or a helper that takes a key argument (catalogue's and availability's
invalid(), credentials' bad()); comments are skipped.
Usage: check_server_keys.py REPO_ROOT
"""
import pathlib
import re
import sys

AREAS = ('account', 'apply', 'auth', 'booking', 'calendar', 'email', 'field', 'password',
         'product', 'review', 'supplier', 'text', 'upload')
KEY = re.compile(r'"((?:%s)\.[A-Za-z]+)"' % '|'.join(AREAS))
CALL = re.compile(r'\b(?:with_key|bad|invalid)\(')
COMMENT = re.compile(r'//[^\n]*')
PARAM = re.compile(r'\{"([A-Za-z]+)",')
PLACEHOLDER = re.compile(r'\{(\w+)\}')
ENTRY = re.compile(r"^\s*'server\.([\w.]+)':\s*\n?\s*'((?:[^'\\]|\\.)*)',?$", re.M)


def dictionary(path):
    text = path.read_text(encoding='utf-8')
    # Entries may wrap after the key; join "'key':\n    'text'," first.
    text = re.sub(r":\s*\n\s*'", ": '", text)
    return {m.group(1): m.group(2) for m in ENTRY.finditer(text)}


def main(root):
    root = pathlib.Path(root)
    emitted = {}  # key -> list of (where, set of params or None when unknown)
    for src in sorted((root / 'src').rglob('*')):
        if src.suffix not in ('.cpp', '.h') or src.name.endswith('_test.cpp'):
            continue
        # Blank comments out but keep their length, so line numbers stay right.
        text = COMMENT.sub(lambda c: ' ' * len(c.group(0)), src.read_text(encoding='utf-8'))
        seen = set()
        for call in CALL.finditer(text):
            end = text.find(';', call.end())
            statement = text[call.end():end if end >= 0 else len(text)]
            for m in KEY.finditer(statement):
                at = call.end() + m.start()
                if at in seen:
                    continue
                seen.add(at)
                line = text.count('\n', 0, at) + 1
                emitted.setdefault(m.group(1), []).append(
                    (f'{src.relative_to(root)}:{line}', set(PARAM.findall(statement[m.end():]))))
    i18n = root / 'web' / 'src' / 'i18n'
    en = dictionary(i18n / 'en.ts')
    others = {name: dictionary(i18n / f'{name}.ts') for name in ('es', 'fr')}
    problems = []
    for key, sites in sorted(emitted.items()):
        if key not in en:
            problems.append(f"{sites[0][0]}: key '{key}' has no 'server.{key}' in en.ts")
            continue
        wanted = set(PLACEHOLDER.findall(en[key]))
        for where, params in sites:
            if wanted - params:
                problems.append(f"{where}: '{key}' needs params {sorted(wanted - params)}")
    for key in sorted(set(en) - set(emitted)):
        problems.append(f"en.ts: 'server.{key}' is emitted by no server code")
    for name, texts in others.items():
        for key, text in texts.items():
            if key in en and set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(en[key])):
                problems.append(f"{name}.ts: 'server.{key}' placeholders differ from en.ts")
        for key in sorted(set(en) - set(texts)):
            problems.append(f"{name}.ts: 'server.{key}' is missing")
    for p in problems:
        print(p)
    print(f'{len(emitted)} server message keys, {len(en)} translated, {len(problems)} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else '.'))
