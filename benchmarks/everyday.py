#!/usr/bin/env python3
"""The everyday suite: cadre, Kùzu and DuckDB answering the same everyday questions on the same data.

For each size in EVERYDAY_SIZES (default "100000"; any of 10000,100000,1000000), on the graph that
`make bench` generates under .build/bench/SIZE (graph.cg and csv/):
  - cadre: `cadre-bench graph.cg --queries FILE --runs N` (CADRE_BENCH, default
    .build/release/cadre-bench); each query is parsed, planned and run N times;
  - Kùzu and DuckDB (pip-installed into .build/bench/venv, in-process Python APIs, each in its own
    process): the CSV loaded (DuckDB in memory, Kùzu into a fresh database under SIZE/kuzu-everyday),
    each query executed N times with its rows fetched;
  - the answers compared: the same row count, and for results of at most 50 rows the same rows
    (as sorted tuples of normalized strings). Any difference is printed loudly and kept in the
    results.
Writes benchmarks/everyday.md (the table), benchmarks/everyday-results.json (raw figures) and, when
10000 is among the sizes, benchmarks/everyday-expected-10000.json (cadre's answers where all agree).

Latencies: the first run, and the median of the N runs (the first included), for every engine.
EVERYDAY_RUNS (5) sets N; EVERYDAY_TIMEOUT (120) the seconds one Kùzu or DuckDB query may take.
"""
import csv, datetime, decimal, json, os, platform, re, statistics, subprocess, sys, threading, time, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH = os.path.join(ROOT, ".build", "bench")
VENV = os.path.join(BENCH, "venv")
RUNS = int(os.environ.get("EVERYDAY_RUNS", "5"))
TIMEOUT = float(os.environ.get("EVERYDAY_TIMEOUT", "120"))
SMALL = 50          # results up to this many rows are compared row by row
sys.path.insert(0, HERE)
from everyday_queries import QUERIES, NA  # noqa: E402


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

def fold(text):
    """cadre's fold(): lower case, accents removed, đ -> d (as run.py does for Kùzu)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


FLOAT = re.compile(r"^-?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+|nan|inf)$")


def normalize(value):
    """One cell as a string: ints decimal, dates ISO, floats rounded to 6 digits, null as "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, decimal.Decimal)):
        return f"{round(float(value), 6):.6f}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10] if not isinstance(value, datetime.datetime) or value.time() == datetime.time() else value.isoformat()
    if isinstance(value, str):
        return f"{round(float(value), 6):.6f}" if FLOAT.match(value) else value
    return str(value)


def substitute(text, params, quote):
    for key in ("successor", "person"):
        text = text.replace("$" + key, quote(params[key]))
    return text


def cypher_string(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_string(value):
    return "'" + value.replace("'", "''") + "'"


def run(command, timeout=None, **kw):
    result = subprocess.run(command, text=True, capture_output=True, timeout=timeout, **kw)
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)
    return result


def human(us):
    if us is None:
        return "–"
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1e3:
        return f"{us / 1e3:.2f} ms"
    return f"{us:.0f} µs"


# ---------------------------------------------------------------------------------------------
# The workers (run with the venv's Python): load one engine, time every query
# ---------------------------------------------------------------------------------------------

KUZU_TYPES = {"long": "INT64", "int": "INT64", "double": "DOUBLE", "float": "DOUBLE", "boolean": "BOOLEAN",
              "date": "DATE", "string": "STRING"}
DUCK_TYPES = {"long": "BIGINT", "int": "BIGINT", "double": "DOUBLE", "float": "DOUBLE", "boolean": "BOOLEAN",
              "date": "DATE", "string": "VARCHAR"}


def read_csvs(csvdir):
    """(kind, file, header, rows) for every CSV, nodes first."""
    out = []
    for file in sorted(os.listdir(csvdir)):
        if not file.endswith(".csv"):
            continue
        with open(os.path.join(csvdir, file), encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = list(reader)
        out.append(("node" if file.startswith("nodes_") else "rel", file, header, rows))
    return sorted(out, key=lambda item: item[0] != "node")


def time_queries(execute, forms, emit):
    for name, text in forms:
        if isinstance(text, NA):
            emit({"name": name, "na": str(text)})
            continue
        timings, rows, error = [], [], None
        for _ in range(RUNS):
            start = time.perf_counter()
            try:
                rows = execute(text)
            except Exception as exc:  # an engine's error is reported, not fatal
                error = f"{type(exc).__name__}: {str(exc).strip()[:300]}"
                break
            timings.append((time.perf_counter() - start) * 1e6)
        if error:
            emit({"name": name, "error": error})
            continue
        emit({"name": name, "first_us": timings[0], "median_us": sorted(timings)[len(timings) // 2],
              "count": len(rows), "rows": [[normalize(v) for v in row] for row in rows[:1000]]})


def worker_duckdb(out, params):
    import duckdb
    emit = lambda obj: print(json.dumps(obj, ensure_ascii=False), flush=True)
    csvdir = os.path.join(out, "csv")
    started = time.perf_counter()
    con = duckdb.connect(":memory:")
    for kind, file, header, rows in read_csvs(csvdir):
        columns, keep = {}, []
        for index, h in enumerate(header):
            name, _, typ = h.partition(":")
            if typ == "ID":
                name, typ = "id", "string"
            elif typ == "START_ID":
                name, typ = "src", "string"
            elif typ == "END_ID":
                name, typ = "dst", "string"
            elif typ in ("LABEL", "TYPE"):
                name, typ = "__" + typ.lower(), "string"
            columns[name] = DUCK_TYPES.get(typ or "string", "VARCHAR")
            if not name.startswith("__"):
                keep.append(name)
        table = rows[0][-1].split(";")[0] if rows else None
        if not table:
            continue
        spec = "{" + ", ".join(f"'{n}': '{t}'" for n, t in columns.items()) + "}"
        select = ", ".join(f'"{n}"' for n in keep)
        con.execute(f"CREATE TABLE {table} AS SELECT {select} FROM read_csv('{os.path.join(csvdir, file)}', "
                    f"header=true, columns={spec}, quote='\"', escape='\"', delim=',')")
        if table == "Person":
            # name_folded = fold(name): each distinct name folded once in Python, joined back.
            names = [r[0] for r in con.execute("SELECT DISTINCT name FROM Person").fetchall()]
            folded = os.path.join(out, "duckdb-folded.csv")
            with open(folded, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows([(n, fold(n)) for n in names])
            con.execute(f"CREATE TABLE Person2 AS SELECT p.*, f.name_folded FROM Person p JOIN read_csv('{folded}', header=false, "
                        "columns={'name': 'VARCHAR', 'name_folded': 'VARCHAR'}, quote='\"', escape='\"') f USING (name)")
            con.execute("DROP TABLE Person")
            con.execute("ALTER TABLE Person2 RENAME TO Person")
            os.remove(folded)
    load = (time.perf_counter() - started) * 1e6
    emit({"name": "load", "median_us": load, "version": duckdb.__version__})

    def execute(text):
        timer = threading.Timer(TIMEOUT, con.interrupt)
        timer.start()
        try:
            return con.execute(text).fetchall()
        finally:
            timer.cancel()

    time_queries(execute, [(q["name"], q["sql"] if isinstance(q["sql"], NA) else substitute(q["sql"], params, sql_string))
                           for q in QUERIES], emit)


def worker_kuzu(out, params):
    import shutil, warnings
    import kuzu
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    emit = lambda obj: print(json.dumps(obj, ensure_ascii=False), flush=True)
    work = os.path.join(out, "kuzu-everyday")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    def column(h):
        name, _, typ = h.partition(":")
        if name in ("from", "to"):
            name += "_"   # Kùzu 0.11 cannot bulk-load properties named from/to (as in run.py)
        return name, KUZU_TYPES.get(typ or "string", "STRING")

    files = read_csvs(os.path.join(out, "csv"))
    label_of, nodes, rels = {}, [], []
    for kind, file, header, rows in files:
        if kind == "node":
            label = rows[0][-1].split(";")[0] if rows else None
            if not label:
                continue
            columns = [("id", "STRING")] + [column(h) for h in header[1:-1]]
            data = [row[:-1] for row in rows]
            if label == "Person":
                columns.append(("name_folded", "STRING"))
                index = header.index("name")
                data = [row + [fold(row[index])] for row in data]
            path = os.path.join(work, file)
            with open(path, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows(data)
            for row in rows:
                label_of[row[0]] = label
            nodes.append((label, columns, path))
        else:
            rtype = rows[0][-1] if rows else None
            if not rtype:
                continue
            pairs = {}
            for row in rows:
                pairs.setdefault((label_of[row[0]], label_of[row[1]]), []).append(row[:-1])
            paths = []
            for (a, b), part in pairs.items():
                path = os.path.join(work, f"{file[:-4]}_{a}_{b}.csv")
                with open(path, "w", encoding="utf-8", newline="") as f:
                    csv.writer(f).writerows(part)
                paths.append((a, b, path))
            rels.append((rtype, [column(h) for h in header[2:-1]], paths))

    started = time.perf_counter()
    db = kuzu.Database(os.path.join(work, "db"))
    conn = kuzu.Connection(db)
    for label, columns, path in nodes:
        conn.execute(f"CREATE NODE TABLE {label}(" + ", ".join(f"{n} {t}" for n, t in columns) + ", PRIMARY KEY(id))")
        conn.execute(f"COPY {label} FROM '{path}' (HEADER=false)")
    for rtype, columns, paths in rels:
        spec = ", ".join(f"FROM {a} TO {b}" for a, b, _ in paths)
        props = "".join(f", {n} {t}" for n, t in columns)
        conn.execute(f"CREATE REL TABLE {rtype}({spec}{props})")
        for a, b, path in paths:
            extra = f", from='{a}', to='{b}'" if len(paths) > 1 else ""
            conn.execute(f"COPY {rtype} FROM '{path}' (HEADER=false{extra})")
    load = (time.perf_counter() - started) * 1e6
    emit({"name": "load", "median_us": load, "version": kuzu.__version__})
    try:
        conn.set_query_timeout(int(TIMEOUT * 1000))
    except Exception:
        pass

    def execute(text):
        result = conn.execute(text)
        rows = []
        while result.has_next():
            rows.append(result.get_next())
        return rows

    time_queries(execute, [(q["name"], q["kuzu"] if isinstance(q["kuzu"], NA) else substitute(q["kuzu"], params, cypher_string))
                           for q in QUERIES], emit)


# ---------------------------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------------------------

def venv_python():
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", VENV])
    try:
        run([python, "-c", "import kuzu, duckdb"])
    except subprocess.CalledProcessError:
        run([python, "-m", "pip", "install", "-q", "kuzu", "duckdb"])
    return python


def parameters(out):
    """The person with the most HELD edges (as run.py picks it) and the one with the most SUCCEEDED edges out."""
    def most(file):
        counts = {}
        with open(os.path.join(out, "csv", file), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                counts[row[":START_ID"]] = counts.get(row[":START_ID"], 0) + 1
        return min(counts, key=lambda p: (-counts[p], p))
    return {"person": most("relationships_held.csv"), "successor": most("relationships_succeeded.csv")}


def cadre(out, params):
    binary = os.environ.get("CADRE_BENCH", os.path.join(ROOT, ".build", "release", "cadre-bench"))
    graph = os.path.join(out, "graph.cg")
    texts = {q["name"]: substitute(q["cadre"], params, cypher_string) for q in QUERIES}

    def batch(names, tag):
        path = os.path.join(out, f"everyday-{tag}.cypher")
        with open(path, "w", encoding="utf-8") as f:
            for name in names:
                f.write(f"-- {name}\n{' '.join(texts[name].split())}\n")
        result = subprocess.run([binary, graph, "--queries", path, "--runs", str(RUNS)], text=True, capture_output=True,
                                env=dict(os.environ, SWIFT_BACKTRACE="enable=no"))
        lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
        return result, lines

    def reason(result):
        """The line of a crash that says why (a query error is a fatal error at top level in cadre-bench)."""
        lines = result.stderr.strip().splitlines()
        said = [line for line in lines if "Fatal error" in line or "error:" in line.lower()]
        return ((said or lines or [f"exit {result.returncode}"])[0])[:400] + f" (exit {result.returncode})"

    result, lines = batch(list(texts), "queries")
    load = lines[0] if lines else None
    # The background build after opening (`Graph.prepare`), which cadre-bench waits for and times.
    prepare = next((line for line in lines if line["name"] == "prepare"), None)
    if load and prepare:
        load["prepare_us"] = prepare["median_us"]
        load["prepared_rss_bytes"] = prepare.get("rss_bytes")
    lines = [line for line in lines if line["name"] != "prepare"]
    answers = {line["name"]: line for line in lines[1:]}
    if result.returncode != 0:
        # cadre-bench stops at the first failing query: run each query not answered alone, to
        # learn which fail and why, and still time the others.
        print(f"  cadre-bench exited {result.returncode}: {reason(result)}", flush=True)
        for name in texts:
            if name in answers:
                continue
            alone, got = batch([name], "one")
            got = [line for line in got if line["name"] != "prepare"]
            if alone.returncode == 0 and len(got) > 1:
                answers[name] = got[1]
            else:
                answers[name] = {"name": name, "error": reason(alone)}
            load = load or (got[0] if got else None)
    for name, line in answers.items():
        if "rows" in line:
            line["raw_rows"] = line["rows"]
            line["rows"] = [[normalize(cell) for cell in row] for row in line["rows"]]
    return load, answers, os.path.basename(binary)


def worker(python, engine, out, params):
    command = [python, os.path.abspath(__file__), "--worker", engine, out, json.dumps(params)]
    result = subprocess.run(command, text=True, capture_output=True)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0:
        print(f"  {engine} worker exited {result.returncode}: {result.stderr.strip()[-500:]}", flush=True)
    if not lines:
        return None, {}, result.stderr.strip()[-300:]
    return lines[0], {line["name"]: line for line in lines[1:]}, None


def compare(name, answers):
    """(verdict, detail): 'yes', 'MISMATCH', or 'n/a' when fewer than two engines answered."""
    ran = {engine: a for engine, a in answers.items() if a and "count" in a}
    if len(ran) < 2:
        return ("n/a" if len(ran) == 1 else "none ran"), ""
    problems = []
    base_engine, base = next(iter(ran.items()))
    for engine, other in list(ran.items())[1:]:
        if other["count"] != base["count"]:
            problems.append(f"{engine} {other['count']} rows vs {base_engine} {base['count']}")
        elif base["count"] <= SMALL:
            mine, theirs = sorted(map(tuple, base["rows"])), sorted(map(tuple, other["rows"]))
            if mine != theirs:
                only_a = [r for r in mine if r not in theirs][:5]
                only_b = [r for r in theirs if r not in mine][:5]
                problems.append(f"{engine} rows differ from {base_engine}: {base_engine} only {only_a}, {engine} only {only_b}")
    return ("yes" if not problems else "MISMATCH"), "; ".join(problems)


def ratio(a, b):
    return a / b if a is not None and b else None


def main():
    sizes = [int(s) for s in os.environ.get("EVERYDAY_SIZES", "100000").split(",") if s.strip()]
    began = time.perf_counter()
    python = venv_python()
    versions = {
        "kuzu": run([python, "-c", "import kuzu; print(kuzu.__version__)"]).stdout.strip(),
        "duckdb": run([python, "-c", "import duckdb; print(duckdb.__version__)"]).stdout.strip(),
    }
    machine = f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.platform()}"
    results = {"date": datetime.date.today().isoformat(), "machine": machine, "runs": RUNS, "versions": versions, "sizes": {}}
    sections, loud = [], []
    expected = None
    for persons in sizes:
        out = os.path.join(BENCH, str(persons))
        if not os.path.exists(os.path.join(out, "graph.cg")):
            generator = os.environ.get("CADRE_GENERATE", os.path.join(ROOT, ".build", "release", "cadre-generate"))
            if not os.path.exists(generator):
                print(f"{persons}: no graph at {out} and no {generator}; skipped", flush=True)
                continue
            print(f"generating {persons} persons ...", flush=True)
            run([generator, "--persons", str(persons), "--seed", "1", "--out", out])
        params = parameters(out)
        size_began = time.perf_counter()
        print(f"{persons} persons: cadre ...", flush=True)
        cadre_load, cadre_answers, _ = cadre(out, params)
        print(f"{persons} persons: Kùzu ...", flush=True)
        kuzu_load, kuzu_answers, kuzu_error = worker(python, "kuzu", out, params)
        print(f"{persons} persons: DuckDB ...", flush=True)
        duck_load, duck_answers, duck_error = worker(python, "duckdb", out, params)
        rows_md, records = [], []
        for query in QUERIES:
            name = query["name"]
            answers = {"cadre": cadre_answers.get(name), "Kùzu": kuzu_answers.get(name), "DuckDB": duck_answers.get(name)}
            verdict, detail = compare(name, answers)
            notes = []
            for engine, a in answers.items():
                if a is None:
                    notes.append(f"{engine}: no answer")
                elif "na" in a:
                    notes.append(f"{engine} n/a: {a['na']}")
                elif "error" in a:
                    notes.append(f"{engine} ERROR: {a['error']}")
            if verdict == "MISMATCH" or any("ERROR" in n or "no answer" in n for n in notes):
                loud.append(f"{persons} {name}: {verdict} {detail} {' '.join(notes)}".strip())
            c, k, d = (answers[e] if answers[e] and "median_us" in answers[e] else None for e in ("cadre", "Kùzu", "DuckDB"))
            counts = {e: a["count"] for e, a in answers.items() if a and "count" in a}
            shown_rows = str(counts.get("cadre", next(iter(counts.values()), "–")))
            records.append({"name": name, "description": query["description"], "verdict": verdict, "detail": detail, "notes": notes,
                            "cadre": {key: v for key, v in (answers["cadre"] or {}).items() if key not in ("rows", "raw_rows")},
                            "kuzu": {key: v for key, v in (answers["Kùzu"] or {}).items() if key != "rows"},
                            "duckdb": {key: v for key, v in (answers["DuckDB"] or {}).items() if key != "rows"},
                            "rows": {e: a["rows"] for e, a in answers.items() if a and "rows" in a and a["count"] <= SMALL}})
            agree = verdict if not notes else f"{verdict} ({'; '.join(notes)})"
            if verdict == "MISMATCH":
                agree = f"**MISMATCH**: {detail}" + (f" ({'; '.join(notes)})" if notes else "")
            kr, dr = ratio(c and c["median_us"], k and k["median_us"]), ratio(c and c["median_us"], d and d["median_us"])
            rows_md.append(f"| {name} | {human(c and c['first_us'])} | {human(c and c['median_us'])} | {human(k and k['median_us'])} | "
                           f"{human(d and d['median_us'])} | {f'{kr:.2f}' if kr else '–'} | {f'{dr:.2f}' if dr else '–'} | {shown_rows} | {agree} |")
        dratios = [r for r in (ratio(rec["cadre"].get("median_us"), rec["duckdb"].get("median_us")) for rec in records) if r]
        kpairs = [(rec["cadre"]["median_us"], rec["kuzu"]["median_us"]) for rec in records
                  if "median_us" in rec["cadre"] and "median_us" in rec["kuzu"]]
        faster = sum(1 for a, b in kpairs if a < b)
        within = sum(1 for r in dratios if r <= 2)
        agreed = sum(1 for rec in records if rec["verdict"] == "yes")
        elapsed = time.perf_counter() - size_began
        edges = cadre_load.get("edges") if cadre_load else None
        section = [f"\n### {persons:,} persons" + (f": {cadre_load['count']:,} nodes, {edges:,} edges" if cadre_load else "") + "\n",
                   f"Load: cadre {human(cadre_load and cadre_load['median_us'])} (parse of graph.cg, or its snapshot when cached"
                   + (f", then {human(cadre_load['prepare_us'])} building the name index, the columns of dense keys and their sorted indexes, "
                      "in the background in a session, waited for here" if cadre_load and "prepare_us" in cadre_load else "") + "), "
                   f"Kùzu {human(kuzu_load and kuzu_load['median_us'])} (COPY FROM into a fresh database), "
                   f"DuckDB {human(duck_load and duck_load['median_us'])} (read_csv into memory, plus the folded-name column). "
                   f"Parameters: $person = `{params['person']}`, $successor = `{params['successor']}`.\n",
                   "| query | cadre first | cadre median | Kùzu | DuckDB | cadre/Kùzu | cadre/DuckDB | rows | answers agree |",
                   "|---|---:|---:|---:|---:|---:|---:|---:|---|"] + rows_md
        section.append("")
        section.append(f"Median cadre/DuckDB ratio: {statistics.median(dratios):.2f} over {len(dratios)} queries; "
                       f"cadre faster than Kùzu on {faster} of {len(kpairs)}; within 2x of DuckDB on {within} of {len(dratios)}; "
                       f"answers agree on {agreed} of {len(records)}. This size took {elapsed:.0f} s."
                       if dratios else "No ratios (an engine did not run).")
        peaks = [(rec["cadre"]["peak_added_bytes"], rec["name"]) for rec in records if "peak_added_bytes" in rec["cadre"]]
        resident = cadre_load and (cadre_load.get("prepared_rss_bytes") or cadre_load.get("rss_bytes"))
        if peaks and resident:
            most, name = max(peaks)
            section.append(f"Memory: the most a query's runs added at their peak to what was resident before them is "
                           f"{most / 2**20:.0f} MiB (`{name}`), against {resident / 2**20:.0f} MiB resident with the graph "
                           f"(after the background build).")
        if kuzu_error:
            section.append(f"\nKùzu did not run: {kuzu_error}")
        if duck_error:
            section.append(f"\nDuckDB did not run: {duck_error}")
        print("\n".join(section), flush=True)
        sections += section
        results["sizes"][str(persons)] = {"params": params, "seconds": elapsed,
                                          "load_us": {"cadre": cadre_load, "kuzu": kuzu_load, "duckdb": duck_load},
                                          "queries": records}
        if persons == 10000:
            expected = {"persons": 10000, "params": params,
                        "note": "cadre's answers (cadre-bench cells) where every engine that ran agreed; rows sorted, "
                                "given only for results of at most 50 rows; 'query' is the text cadre ran.",
                        "queries": {}}
            for query, record in zip(QUERIES, records):
                answer = cadre_answers.get(query["name"])
                if record["verdict"] != "yes" or not answer or "count" not in answer:
                    continue
                entry = {"query": substitute(query["cadre"], params, cypher_string), "count": answer["count"]}
                if answer["count"] <= SMALL:
                    entry["rows"] = sorted(answer["raw_rows"])
                expected["queries"][query["name"]] = entry
    total = time.perf_counter() - began
    results["seconds"] = total
    if loud:
        banner = "\n" + "!" * 78 + "\nANSWERS THAT DIFFER OR FAILED:\n" + "\n".join("  " + line for line in loud) + "\n" + "!" * 78
        print(banner, file=sys.stderr, flush=True)
    header = [
        "# Everyday queries: cadre, Kùzu and DuckDB",
        "",
        "`python3 benchmarks/everyday.py` (EVERYDAY_SIZES, default 100000) writes this file. The same",
        f"{len(QUERIES)} everyday questions (benchmarks/everyday_queries.py) asked of cadre (`cadre-bench --queries`),",
        f"Kùzu {versions['kuzu']} and DuckDB {versions['duckdb']} (Python APIs, in process, DuckDB in memory) on the same",
        "generated graph (`cadre-generate --persons N --seed 1`, its CSV for the other two).",
        f"Each query is planned anew and run {RUNS} times; `first` is the first run, the others are medians of the {RUNS}",
        "runs, fetching all rows. Kùzu and DuckDB run with their default threads (every core). The machine is shared:",
        "timings move by up to 2x between runs; read the ratios as rough.",
        "Kùzu and DuckDB answer `~` from a folded-name column added when loading; Kùzu's `from`/`to` are `from_`/`to_`.",
        "`answers agree`: the same row count on every engine, and for results of at most 50 rows the same rows",
        "(sorted; ints decimal, dates ISO, floats to 6 digits, null as `null`).",
        "",
        f"Run on {results['date']}: {machine}; sizes {', '.join(str(s) for s in sizes)}; the whole run took {total:.0f} s.",
    ]
    if loud:
        header += ["", "**Answers that differ or failed:**", ""] + [f"- {line}" for line in loud]
    text = "\n".join(header + sections) + "\n"
    with open(os.path.join(HERE, "everyday.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(HERE, "everyday-results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False, indent=1)
    if expected:
        # One query a line, to read and to diff.
        entries = [f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
                   for name, entry in expected.pop("queries").items()]
        head = json.dumps(expected, ensure_ascii=False, indent=1)[:-2]
        with open(os.path.join(HERE, "everyday-expected-10000.json"), "w", encoding="utf-8") as f:
            f.write(head + ',\n "queries": {\n' + ",\n".join(entries) + "\n }\n}\n")
    print(f"\nwrote benchmarks/everyday.md and everyday-results.json{' and everyday-expected-10000.json' if expected else ''}; "
          f"{total:.0f} s in all", flush=True)
    return 1 if loud else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        engine, out, params = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        {"kuzu": worker_kuzu, "duckdb": worker_duckdb}[engine](out, params)
    else:
        sys.exit(main())
