#!/usr/bin/env python3
"""Seed corpora for `make fuzz`, written under OUT (never committed): queries from examples/
and from the openCypher TCK in ../shared/tck (read, not copied into the repository), the graph
files, and the article graph exported as CSV."""
import glob, os, re, subprocess, sys

out = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for target in ("query", "graph", "csv", "regex"):
    os.makedirs(os.path.join(out, target), exist_ok=True)

def put(target, name, data):
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

count = 0
for path in sorted(glob.glob(os.path.join(root, "examples", "*.cypher"))):
    for statement in open(path, encoding="utf-8").read().split(";"):
        lines = [l for l in statement.splitlines() if l.strip() and not l.lstrip().startswith((":", "//"))]
        if lines:
            put("query", "example-%d" % count, "\n".join(lines)); count += 1
for path in sorted(glob.glob(os.path.join(root, "..", "shared", "tck", "**", "*.feature"), recursive=True)):
    for query in re.findall(r'executing query:\s*\n\s*"""\n(.*?)\n\s*"""', open(path, encoding="utf-8").read(), re.S):
        put("query", "tck-%d" % count, "\n".join(l.strip() for l in query.splitlines())); count += 1
# Patterns from the engine's tests, each with a text that matches and one that does not.
regex_tests = os.path.join(root, "Tests", "CadreQueryTests", "Execution", "RegularExpressionTests.swift")
for index, (pattern, text) in enumerate(re.findall(r'matches\("((?:[^"\\]|\\.)*)", "((?:[^"\\]|\\.)*)"\)', open(regex_tests, encoding="utf-8").read())):
    unescape = lambda s: s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
    put("regex", "test-%d" % index, unescape(pattern) + "\n" + unescape(text))
for path in sorted(glob.glob(os.path.join(root, "graph", "*.cg"))):
    text = open(path, encoding="utf-8").read()
    put("graph", os.path.basename(path), text)
    for index, chunk in enumerate(text.split("\n\n")[:200]):
        put("graph", "%s-%d" % (os.path.basename(path), index), chunk)
# Declared types: each form of a schema statement, with nodes and edges that suit it or not.
schema_seeds = [
    'schema (:Person {born: DATE, aliases: LIST<STRING>})\n(:Person {id: "p", born: date("1960"), aliases: ["a"]})\n',
    'schema ({basis: "explicit" | "inferred", value: INTEGER | FLOAT})\n(:A {id: "a", basis: "guess", value: 1.5})\n',
    'schema ()-[:HELD {from: DATE}]->()\nschema ()-[{source: STRING | LIST<STRING>}]->()\n(:A {id: "a"})\n("a")-[:HELD {from: 2015}]->("a")\n',
    'schema (:`x y` {`k k`: BOOLEAN, n: LIST<LIST<INTEGER>>})\n(:`x y` {id: "q", `k k`: true, n: [[1]]})\n',
]
for index, text in enumerate(schema_seeds):
    put("graph", "schema-%d" % index, text)
csv_dir = os.path.join(out, "csv-export")
subprocess.run([os.path.join(root, ".build", "release", "cadre"), "export", "csv", os.path.join(root, "graph", "cantho-2020.cg"),
                "--out", csv_dir], check=True, capture_output=True)
for path in glob.glob(os.path.join(csv_dir, "*.csv")):
    put("csv", os.path.basename(path), open(path, "rb").read())
print("corpus: %d queries, %d graph pieces, %d CSV files, %d patterns" % tuple(len(os.listdir(os.path.join(out, t))) for t in ("query", "graph", "csv", "regex")))
