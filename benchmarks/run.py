#!/usr/bin/env python3
"""make bench: cadre side by side with Kùzu on the same generated graphs, in the same run.

For each size (persons; BENCH_SIZES overrides, e.g. "10000,100000"), generates the graph once
(cached under .build/bench/), then measures cadre (load time of the graph file, resident memory,
bytes per edge, median latency of Q1-Q8 with their result counts) and, when `pip install kuzu`
works in a virtualenv under .build/bench/venv, Kùzu on the same CSV with the same queries. Prints
one table and writes it to benchmarks/README.md with the machine and the date.
"""
import csv, datetime, json, os, platform, shutil, statistics, subprocess, sys, time, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, ".build", "bench")
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
PROCESSES = int(os.environ.get("BENCH_PROCESSES", "3"))
BIN = os.path.join(ROOT, ".build", "release")


def run(command, **kw):
    result = subprocess.run(command, text=True, capture_output=True, **kw)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
        raise subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)
    return result


def generate(persons):
    out = os.path.join(BENCH, str(persons))
    if not os.path.exists(os.path.join(out, "graph.cg")):
        print(f"generating {persons} persons ...", flush=True)
        run([os.path.join(BIN, "cadre-generate"), "--persons", str(persons), "--seed", "1", "--out", out])
    return out


def parameters(out):
    """A person with several posts, another person far away, and one post with its term."""
    held = {}
    with open(os.path.join(out, "csv", "relationships_held.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            held.setdefault(row[":START_ID"], []).append(row)
    people = sorted(held, key=lambda p: (-len(held[p]), p))
    person = people[0]
    other = people[len(people) // 2]
    first = held[person][0]
    return {"person": person, "other": other, "role": first[":END_ID"], "term": first["term"]}


def cadre(out, params):
    graph = os.path.join(out, "graph.cg")
    image = os.path.join(out, "graph.snapshot")
    # The queries run in PROCESSES fresh processes, RUNS times each: a process tends to stay fast
    # or slow all its life on this shared machine, so each latency is the median of the
    # processes' medians (the fastest run: the fastest of all). The first leaves the snapshot.
    command = [os.path.join(BIN, "cadre-bench"), graph, "--person", params["person"], "--other", params["other"],
               "--role", params["role"], "--term", params["term"], "--runs", str(RUNS)]
    processes = [[json.loads(line) for line in run(command + (["--write-snapshot", image] if index == 0 else [])).stdout.splitlines()]
                 for index in range(PROCESSES)]
    # The background build after opening (`Graph.prepare`), timed apart: kept beside the load.
    prepares = [line for process in processes for line in process if line["name"] == "prepare"]
    processes = [[line for line in process if line["name"] != "prepare"] for process in processes]
    rows = processes[0]
    if prepares:
        rows[0]["prepare_us"] = statistics.median(line["median_us"] for line in prepares)
        rows[0]["prepared_rss_bytes"] = statistics.median(line["rss_bytes"] for line in prepares)
    for position, row in enumerate(rows[1:], start=1):
        same = [process[position] for process in processes]
        if len({query["count"] for query in same}) != 1:
            raise SystemExit(f"cadre gave different counts for {row['name']} in different processes")
        row["median_us"] = statistics.median(query["median_us"] for query in same)
        row["min_us"] = min(query["min_us"] for query in same)
        row["planned_us"] = statistics.median(query["planned_us"] for query in same)
    # Parsing the text: the median of five fresh processes (those above, then load-only ones).
    loads = [process[0]["median_us"] for process in processes]
    while len(loads) < 5:
        alone = run([os.path.join(BIN, "cadre-bench"), graph, "--load-only"])
        loads.append(json.loads(alone.stdout.splitlines()[0])["median_us"])
    rows[0]["median_us"] = statistics.median(loads)
    rows[0]["runs_us"] = loads
    # Opening the file again reads the snapshot: timed in fresh processes, as a user would see it.
    times = []
    for _ in range(5):
        again = run([os.path.join(BIN, "cadre-bench"), graph, "--read-snapshot", image])
        times.append(json.loads(again.stdout.splitlines()[-1])["median_us"])
    os.remove(image)
    return rows, {"median_us": statistics.median(times)}


def cadre_import(out):
    """`cadre import` of the generated CSV into a graph file: wall time and peak memory of the
    process (the whole of it: reading the CSV, building the store, writing the file)."""
    csv_dir = os.path.join(out, "csv")
    files = sorted(os.listdir(csv_dir))
    nodes = [os.path.join(csv_dir, f) for f in files if f.startswith("nodes_")]
    edges = [os.path.join(csv_dir, f) for f in files if f.startswith("relationships_")]
    target = os.path.join(out, "imported.cg")
    # The peak is measured by GNU time, the process's parent: a child of this (large) Python
    # process would report Python's resident size as its own peak (Linux carries it over exec).
    report = os.path.join(out, "import-time.txt")
    started = time.perf_counter()
    process = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report, os.path.join(BIN, "cadre"), "import",
                              "--nodes", *nodes, "--relationships", *edges, "--out", target],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError("cadre import failed: " + process.stderr.decode()[-2000:])
    os.remove(target)
    with open(report, encoding="utf-8") as f:
        peak_kib = int(f.read().split()[-1])
    return {"median_us": elapsed * 1e6, "peak_bytes": peak_kib * 1024}


def fold(text):
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def kuzu_python():
    venv = os.path.join(BENCH, "venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", venv])
    try:
        run([python, "-c", "import kuzu"])
    except subprocess.CalledProcessError:
        try:
            run([python, "-m", "pip", "install", "-q", "kuzu"])
        except subprocess.CalledProcessError as error:
            return None, f"pip install kuzu failed: {error.stderr.strip()[-200:]}"
    return python, None


KUZU_SCRIPT = r'''
import csv, json, os, resource, shutil, statistics, sys, time, unicodedata, warnings
import kuzu

# Kùzu 0.11 calls a separate prepare deprecated, but it still runs the prepared statement.
warnings.filterwarnings("ignore", category=DeprecationWarning)

out, runs = sys.argv[1], int(sys.argv[2])
params = json.loads(sys.argv[3])
work = os.path.join(out, "kuzu")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
csvdir = os.path.join(out, "csv")

def fold(text):
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()

TYPES = {"long": "INT64", "int": "INT64", "double": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE", "string": "STRING"}
def column(header):
    name, _, kind = header.partition(":")
    if name in ("from", "to"):
        name += "_"   # Kùzu 0.11 cannot bulk-load relationship properties named from/to
    return name, TYPES.get(kind or "string", "STRING")

tables = {}
prepared = {}
for file in sorted(os.listdir(csvdir)):
    with open(os.path.join(csvdir, file), encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    if file.startswith("nodes_"):
        label = rows[0][-1].split(";")[0] if rows else file[6:-4]
        columns = [("id", "STRING")] + [column(h) for h in header[1:-1]]
        data = [row[:-1] for row in rows]
        if label == "Person":
            columns.append(("name_folded", "STRING"))
            index = header.index("name")
            data = [row + [fold(row[index])] for row in data]
        tables[label] = columns
        path = os.path.join(work, file)
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(data)
        prepared[file] = ("node", label, columns, path)
    else:
        prepared[file] = ("rel", header, rows)

ids = {}
for file, item in prepared.items():
    if item[0] == "node":
        with open(item[3], encoding="utf-8") as f:
            for row in csv.reader(f):
                ids[row[0]] = item[1]

started = time.perf_counter()
db = kuzu.Database(os.path.join(work, "db"))
conn = kuzu.Connection(db)
for label, columns in tables.items():
    conn.execute(f"CREATE NODE TABLE {label}(" + ", ".join(f"{n} {t}" for n, t in columns) + ", PRIMARY KEY(id))")
for file, item in prepared.items():
    if item[0] == "node":
        conn.execute(f"COPY {item[1]} FROM '{item[3]}' (HEADER=false)")
for file, item in prepared.items():
    if item[0] != "rel":
        continue
    header, rows = item[1], item[2]
    rtype = rows[0][-1] if rows else None
    if not rtype:
        continue
    pairs = {}
    for row in rows:
        pairs.setdefault((ids[row[0]], ids[row[1]]), []).append(row[:-1])
    columns = [column(h) for h in header[2:-1]]
    spec = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
    props = "".join(f", {n} {t}" for n, t in columns)
    conn.execute(f"CREATE REL TABLE {rtype}({spec}{props})")
    for (a, b), part in pairs.items():
        path = os.path.join(work, f"{file[:-4]}_{a}_{b}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(part)
        extra = f", from='{a}', to='{b}'" if len(pairs) > 1 else ""
        conn.execute(f"COPY {rtype} FROM '{path}' (HEADER=false{extra})")
load = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"name": "load", "median_us": load * 1e6, "rss_bytes": rss}), flush=True)

queries = [
    ("Q1 roles of a person", "MATCH (p:Person {id: $person})-[h:HELD]->(r:Role) RETURN r.id, h.from_", "rows"),
    ("Q2 name CONTAINS", "MATCH (p:Person) WHERE p.name CONTAINS $text RETURN count(*)", "count"),
    ("Q2 name ~ (folded)", "MATCH (p:Person) WHERE p.name_folded CONTAINS $folded RETURN count(*)", "count"),
    ("Q3 holders of a post in a term", "MATCH (p:Person)-[h:HELD]->(r:Role {id: $role}) WHERE h.term = $term RETURN p.id", "rows"),
    ("Q4 colleagues", "MATCH (p:Person {id: $person})-[:HELD]->(:Role)-[:ROLE_OF]->(o:Organization) MATCH (o)<-[:ROLE_OF]-(:Role)<-[:HELD]-(c:Person) WHERE c.id <> p.id RETURN count(DISTINCT c.id)", "count"),
    ("Q5 3-hop neighbourhood", "MATCH (p:Person {id: $person})-[*1..3]-(x) RETURN count(DISTINCT x)", "count"),
    ("Q6 awards per organization", "MATCH (o:Organization)<-[:MEMBER_OF]-(p:Person)-[:RECEIVED]->(a:Award) RETURN o.id, count(a) AS n ORDER BY n DESC, o.id LIMIT 10", "rows"),
    ("Q7 shortest path length", "MATCH p = (a:Person {id: $person})-[* SHORTEST 1..8]-(b:Person {id: $other}) RETURN length(p)", "count"),
    ("Q8 HELD from 2010-2015", "MATCH ()-[h:HELD]->() WHERE date_part('year', h.from_) >= 2010 AND date_part('year', h.from_) <= 2015 RETURN count(*)", "count"),
]
names = {"Q1": ["person"], "Q2 name C": ["text"], "Q2 name ~": ["folded"], "Q3": ["role", "term"], "Q4": ["person"], "Q5": ["person"],
         "Q6": [], "Q7": ["person", "other"], "Q8": []}
values = dict(params, text="Văn Hùng", folded="van hung")
for name, text, kind in queries:
    used = next(v for k, v in names.items() if name.startswith(k))
    args = {k: values[k] for k in used}
    # Prepared once and run with its parameters; and, run for run beside it, planned anew.
    prepared = conn.prepare(text)
    timings, planned, count = [], [], 0
    for _ in range(runs):
        for statement, times in ((prepared, timings), (text, planned)):
            start = time.perf_counter()
            result = conn.execute(statement, args)
            rows = []
            while result.has_next():
                rows.append(result.get_next())
            times.append((time.perf_counter() - start) * 1e6)
            count = rows[0][0] if kind == "count" and rows else len(rows)
    print(json.dumps({"name": name, "median_us": statistics.median(timings), "planned_us": statistics.median(planned),
                      "count": count}), flush=True)
'''


def kuzu(python, out, params):
    script = os.path.join(BENCH, "kuzu_bench.py")
    with open(script, "w", encoding="utf-8") as f:
        f.write(KUZU_SCRIPT)
    result = run([python, script, out, str(RUNS), json.dumps(params)])
    return [json.loads(line) for line in result.stdout.splitlines()]


def check_targets(ours, snapshot, theirs):
    """The issue's targets at 100k persons, each with what this run measured."""
    load, queries = ours[0], {row["name"].split(" ")[0] + (" ~" if "~" in row["name"] else ""): row for row in ours[1:]}
    kuzu = {row["name"].split(" ")[0] + (" ~" if "~" in row["name"] else ""): row for row in theirs[1:]} if theirs else {}
    rows = []
    def add(target, measured, met):
        rows.append(f"| {target} | {measured} | {'yes' if met else 'no'} |")
    add("load the graph file in under 0.5 s (text parse)", human_time(load["median_us"]), load["median_us"] < 5e5)
    if snapshot:
        add("load the graph file in under 0.5 s (reopen, from the snapshot)", human_time(snapshot["median_us"]), snapshot["median_us"] < 5e5)
    per_edge = load["graph_bytes"] / max(1, load["edges"])
    add("under 120 bytes of memory per edge", f"{per_edge:.0f}", per_edge < 120)
    for name, limit in [("Q1", 20), ("Q3", 20), ("Q4", 200), ("Q5", 2000)]:
        row = queries[name]
        add(f"{name} under {human_time(limit)}", with_fastest(row) + f"; planned anew {human_time(row['planned_us'])}",
            row["median_us"] < limit)
    for name, row in queries.items():
        if name in kuzu:
            share = row["median_us"] / kuzu[name]["median_us"]
            add(f"{name} at least 5x faster than Kùzu", f"{1 / share:.1f}x", share <= 0.2)
    return rows


def check_import_targets(load, imported):
    """Issue 16's targets at 1M persons: import, open and memory."""
    rows = []
    def add(target, measured, met):
        rows.append(f"| {target} | {measured} | {'yes' if met else 'no'} |")
    add("import the CSV in under 3 s", human_time(imported["median_us"]), imported["median_us"] < 3e6)
    share = imported["peak_bytes"] / max(1, load["graph_bytes"])
    add("import's peak memory under 1.5x the finished store",
        f"{imported['peak_bytes'] / 2**20:.0f} MiB, {share:.2f}x the store's {load['graph_bytes'] / 2**20:.0f} MiB", share < 1.5)
    add("open the text graph file in under 1 s", human_time(load["median_us"]), load["median_us"] < 1e6)
    per_edge = load["graph_bytes"] / max(1, load["edges"])
    add("resident after the load under 90 bytes per edge", f"{per_edge:.0f}"
        + (f" (after the background build: {(load['prepared_rss_bytes'] - load['rss_bytes'] + load['graph_bytes']) / max(1, load['edges']):.0f})"
           if "prepared_rss_bytes" in load else ""), per_edge < 90)
    return rows


def with_fastest(row):
    """A query's median, with its fastest run beside it (the spread shows the machine's noise)."""
    return human_time(row["median_us"]) + (f" (fastest {human_time(row['min_us'])})" if "min_us" in row else "")


def human_time(us):
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1e3:
        return f"{us / 1e3:.2f} ms"
    return f"{us:.1f} µs"


def main():
    os.makedirs(BENCH, exist_ok=True)
    print("building release binaries ...", flush=True)
    run(["swift", "build", "-c", "release", "--product", "cadre-generate"], cwd=ROOT)
    run(["swift", "build", "-c", "release", "--product", "cadre-bench"], cwd=ROOT)
    run(["swift", "build", "-c", "release", "--product", "cadre"], cwd=ROOT)
    python, kuzu_note = kuzu_python()
    lines = []
    mismatches = []
    targets = []
    import_targets = []
    for persons in SIZES:
        out = generate(persons)
        params = parameters(out)
        ours, snapshot = cadre(out, params)
        theirs = kuzu(python, out, params) if python else []
        load = ours[0]
        edges = load["edges"]
        lines.append(f"\n### {persons:,} persons: {load['count']:,} nodes, {edges:,} edges\n")
        lines.append("| metric | cadre | Kùzu | cadre / Kùzu | planned anew: cadre, Kùzu | rows (cadre / Kùzu) |")
        lines.append("|---|---:|---:|---:|---:|---|")
        kl = theirs[0] if theirs else None
        ratio = lambda a, b: f"{a / b:.3f}" if b else "–"
        spread = f"median of {len(load['runs_us'])} fresh processes: {human_time(min(load['runs_us']))} to {human_time(max(load['runs_us']))}" if "runs_us" in load else ""
        lines.append(f"| load | {human_time(load['median_us'])} | {human_time(kl['median_us']) if kl else '–'} | {ratio(load['median_us'], kl['median_us']) if kl else '–'} | | {spread} |")
        if "prepare_us" in load:
            lines.append(f"| then, in the background: the name index and the dense columns | {human_time(load['prepare_us'])} | | | | "
                         f"resident after: {load['prepared_rss_bytes'] / 2**20:.0f} MiB |")
        if snapshot:
            lines.append(f"| load again (from the snapshot cache) | {human_time(snapshot['median_us'])} | | "
                         f"{ratio(snapshot['median_us'], kl['median_us']) if kl else '–'} | | |")
        lines.append(f"| resident memory after load | {load['rss_bytes'] / 2**20:.0f} MiB | {kl['rss_bytes'] / 2**20:.0f} MiB (peak) | {ratio(load['rss_bytes'], kl['rss_bytes']) if kl else '–'} | | |" if kl else
                     f"| resident memory after load | {load['rss_bytes'] / 2**20:.0f} MiB | – | – | | |")
        lines.append(f"| graph bytes per edge | {load['graph_bytes'] / max(1, edges):.0f} | | | | |")
        imported = cadre_import(out)
        lines.append(f"| import the CSV (`cadre import`, to a graph file) | {human_time(imported['median_us'])} | "
                     f"{human_time(kl['median_us']) if kl else '–'} (COPY) | {ratio(imported['median_us'], kl['median_us']) if kl else '–'} | | "
                     f"peak {imported['peak_bytes'] / 2**20:.0f} MiB |")
        for index, row in enumerate(ours[1:]):
            other = theirs[index + 1] if theirs else None
            same = "" if not other else ("" if other["count"] == row["count"] else " ≠")
            if same:
                mismatches.append(f"{persons}: {row['name']} cadre {row['count']} vs Kùzu {other['count']}")
            anew = human_time(row["planned_us"]) + (f", {human_time(other['planned_us'])}" if other else "")
            lines.append(f"| {row['name']} | {with_fastest(row)} | {human_time(other['median_us']) if other else '–'} | "
                         f"{ratio(row['median_us'], other['median_us']) if other else '–'} | {anew} | "
                         f"{row['count']} / {other['count'] if other else '–'}{same} |")
        print("\n".join(lines[-15:]), flush=True)
        if persons == 100_000:
            targets = check_targets(ours, snapshot, theirs)
        if persons == 1_000_000:
            import_targets = check_import_targets(load, imported)
    machine = f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.platform()}"
    kuzu_version = run([python, "-c", "import kuzu; print(kuzu.__version__)"]).stdout.strip() if python else None
    header = [
        "# Benchmarks",
        "",
        "`make bench` writes this file. It generates national graphs (`cadre-generate --persons N --seed 1`),",
        "then measures cadre and, in the same run on the same CSV, Kùzu"
        + (f" {kuzu_version}" if kuzu_version else "") + " (Python API, in process).",
        "Each query is prepared once (cadre's `QueryEngine.prepare`, Kùzu's `Connection.prepare`) and run with its",
        "parameters, as a parameterized query is measured; the column `planned anew` gives, for both, the median",
        "when the query is planned again for every run (what a statement typed anew costs; parsing aside for cadre).",
        "cadre's latencies: each query runs " + str(RUNS) + " times each way in each of " + str(PROCESSES) + " fresh processes;",
        "the table gives the median of the processes' medians, with the fastest run beside it (the machine is",
        "shared: one process runs fast, the next up to 2x slower all its life, and a whole `make bench` can",
        "land in a slow phase, Kùzu's times moving with cadre's). Kùzu's latencies are medians of " + str(RUNS) + " runs in",
        "one process, fetching the rows included. Targets are judged on the prepared medians.",
        "`load` is cadre parsing the text graph file (the first open), in parts on every core, the median of",
        "five fresh processes; `load again` reads the snapshot that the",
        "first open leaves in the cache (`~/.cache/cadre`), which every later open of the unchanged file uses.",
        "Kùzu's load is its COPY FROM of the same CSV into a fresh database.",
        "`import the CSV` is `cadre import` of that CSV into a graph file (reading, building, writing), one run, with its peak memory.",
        "Kùzu's Q2 `~` uses a folded-name column added on its side (it has no accent-insensitive operator), and",
        "its relationship properties `from`/`to` are renamed `from_`/`to_` (Kùzu 0.11 cannot bulk-load those names).",
        "",
        f"Run on {datetime.date.today().isoformat()}: {machine}.",
    ]
    if targets:
        header += ["", "Targets at 100,000 persons (issue 6), from this run:", "",
                   "| target | measured | met |", "|---|---|---|"] + targets
    if import_targets:
        header += ["", "Targets at 1,000,000 persons (issue 16), from this run:", "",
                   "| target | measured | met |", "|---|---|---|"] + import_targets
    if kuzu_note:
        header.append(f"\nKùzu was skipped: {kuzu_note}")
    if mismatches:
        header.append("\nResult counts that differ: " + "; ".join(mismatches))
    else:
        header.append("\nBoth give the same result counts for every query." if python else "")
    text = "\n".join(header + lines) + "\n"
    with open(os.path.join(ROOT, "benchmarks", "README.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print("\nwrote benchmarks/README.md")


if __name__ == "__main__":
    main()
