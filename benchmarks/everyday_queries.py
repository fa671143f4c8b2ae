"""The everyday suite: questions a researcher types at the shell, each in three forms.

Every entry has a name, a short description, and the same question written for cadre (Cypher),
Kùzu (Cypher, Kùzu's dialect) and DuckDB (SQL over one table per label and per relationship
type). `$person` and `$successor` are replaced, in all three, by quoted person ids chosen from
the data (see everyday.py: the person with the most HELD edges, the one with the most SUCCEEDED
edges out), the way one pastes an id found a minute earlier.

Schemas the other two engines are given (everyday.py loads them from the same CSV):
  Kùzu: node tables Person, Role, Organization, ... with the CSV's columns; relationship tables
        HELD, RECEIVED, ...; properties named `from`/`to` are `from_`/`to_` (Kùzu 0.11 cannot
        bulk-load those names); Person has an extra column name_folded = fold(name).
  DuckDB: tables Person(id, born DATE, ...), HELD(src, dst, "from" DATE, status, term, "to" DATE)
        ...; Person.name_folded likewise.
cadre's `~` (accent- and case-insensitive containment) becomes `name_folded CONTAINS` on the
other two. A form given as NA("reason") is not run on that engine.
"""


class NA(str):
    """An engine that cannot express the question; the string is the reason."""


SAME = object()  # the Kùzu form is the cadre form, character for character

NODE_TABLES = ["Area", "Award", "Congress", "Organization", "Person", "Resolution", "Role", "Term"]
REL_TABLES = ["ABOUT", "CONGRESS_OF", "DIRECTED_BY", "ELECTED", "HELD", "IMPLEMENTS", "ISSUED_BY",
              "MEMBER_OF", "PART_OF", "RECEIVED", "ROLE_OF", "SUCCEEDED", "TERM_OF"]

_nodes_sql = "\nUNION ALL ".join(f"SELECT '{t}' AS label, count(*) AS n FROM {t}" for t in NODE_TABLES)
_edges_sql = "\nUNION ALL ".join(f"SELECT '{t}' AS type, count(*) AS n FROM {t}" for t in REL_TABLES)
_all_edges = " UNION ALL ".join(f"SELECT src, dst FROM {t}" for t in REL_TABLES)


def q(name, description, cadre, kuzu, sql):
    return {"name": name, "description": description, "cadre": cadre.strip(),
            "kuzu": cadre.strip() if kuzu is SAME else (kuzu if isinstance(kuzu, NA) else kuzu.strip()),
            "sql": sql if isinstance(sql, NA) else sql.strip()}


QUERIES = [
    # --- counts per label and per type -------------------------------------------------------
    q("persons", "count of one label",
      "MATCH (n:Person) RETURN count(*)", SAME,
      "SELECT count(*) FROM Person"),
    q("resolutions", "count of a small label",
      "MATCH (r:Resolution) RETURN count(*)", SAME,
      "SELECT count(*) FROM Resolution"),
    q("nodes_per_label", "group every node by its label",
      "MATCH (n) RETURN head(labels(n)) AS label, count(*) AS n",
      "MATCH (n) RETURN label(n) AS label, count(*) AS n",
      _nodes_sql),
    q("edges_per_type", "group every edge by type(e)",
      "MATCH ()-[e]->() RETURN type(e), count(*)",
      "MATCH ()-[e]->() RETURN label(e), count(*)",
      _edges_sql),

    # --- filters on node properties ----------------------------------------------------------
    q("resolutions_2016", "node date range with date('...')",
      "MATCH (r:Resolution) WHERE r.date >= date('2016-01-01') AND r.date < date('2017-01-01') RETURN count(*)",
      SAME,
      "SELECT count(*) FROM Resolution WHERE date >= DATE '2016-01-01' AND date < DATE '2017-01-01'"),
    q("women_born_1960s", "node date range and string equality",
      "MATCH (p:Person) WHERE p.born >= date('1960-01-01') AND p.born < date('1970-01-01') AND p.gender = 'female' RETURN count(*)",
      SAME,
      "SELECT count(*) FROM Person WHERE born >= DATE '1960-01-01' AND born < DATE '1970-01-01' AND gender = 'female'"),
    q("resolutions_by_number", "integer comparison and string equality",
      "MATCH (r:Resolution) WHERE r.number >= 5 AND r.kind = 'nghi_quyet' RETURN count(*)", SAME,
      "SELECT count(*) FROM Resolution WHERE number >= 5 AND kind = 'nghi_quyet'"),
    q("name_starts_with", "STARTS WITH on a name",
      "MATCH (p:Person) WHERE p.name STARTS WITH 'Nguyễn Văn' RETURN count(*)", SAME,
      "SELECT count(*) FROM Person WHERE starts_with(name, 'Nguyễn Văn')"),
    q("name_contains", "CONTAINS on a name",
      "MATCH (p:Person) WHERE p.name CONTAINS 'Hồng' RETURN count(*)", SAME,
      "SELECT count(*) FROM Person WHERE contains(name, 'Hồng')"),
    q("name_ends_with", "ENDS WITH on a name",
      "MATCH (p:Person) WHERE p.name ENDS WITH 'Hùng' RETURN count(*)", SAME,
      "SELECT count(*) FROM Person WHERE ends_with(name, 'Hùng')"),
    q("name_folded_count", "~ (accent-insensitive), others on a folded column",
      "MATCH (p:Person) WHERE p.name ~ 'tran quoc' RETURN count(*)",
      "MATCH (p:Person) WHERE p.name_folded CONTAINS 'tran quoc' RETURN count(*)",
      "SELECT count(*) FROM Person WHERE contains(name_folded, 'tran quoc')"),
    q("name_folded_list", "~ listing ids, names, birth dates",
      "MATCH (p:Person) WHERE p.name ~ 'do thi' RETURN p.id, p.name, p.born ORDER BY p.id LIMIT 20",
      "MATCH (p:Person) WHERE p.name_folded CONTAINS 'do thi' RETURN p.id, p.name, p.born ORDER BY p.id LIMIT 20",
      "SELECT id, name, born FROM Person WHERE contains(name_folded, 'do thi') ORDER BY id LIMIT 20"),
    q("person_roles", "one person by id: posts with dates",
      "MATCH (p:Person {id: $person})-[h:HELD]->(r:Role) RETURN r.id, h.from, h.to, h.status ORDER BY h.from, r.id",
      "MATCH (p:Person {id: $person})-[h:HELD]->(r:Role) RETURN r.id, h.from_, h.to_, h.status ORDER BY h.from_, r.id",
      'SELECT dst, "from", "to", status FROM HELD WHERE src = $person ORDER BY "from", dst'),

    # --- filters on edge properties ----------------------------------------------------------
    q("held_2010_2015", "edge date range",
      "MATCH (:Person)-[h:HELD]->(:Role) WHERE h.from >= date('2010-01-01') AND h.from < date('2016-01-01') RETURN count(*)",
      "MATCH (:Person)-[h:HELD]->(:Role) WHERE h.from_ >= date('2010-01-01') AND h.from_ < date('2016-01-01') RETURN count(*)",
      'SELECT count(*) FROM HELD WHERE "from" >= DATE \'2010-01-01\' AND "from" < DATE \'2016-01-01\''),
    q("holders_in_term", "edge string equality, count(DISTINCT)",
      "MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.term = 'term:tinh-uy:p12:10' RETURN count(DISTINCT p)", SAME,
      "SELECT count(DISTINCT src) FROM HELD WHERE term = 'term:tinh-uy:p12:10'"),
    q("holders_province_terms", "edge STARTS WITH, two counts",
      "MATCH (p:Person)-[h:HELD]->(:Role) WHERE h.term STARTS WITH 'term:tinh-uy:p1:' RETURN count(DISTINCT p), count(*)", SAME,
      "SELECT count(DISTINCT src), count(*) FROM HELD WHERE starts_with(term, 'term:tinh-uy:p1:')"),
    q("part_of_null", "IS NULL on an edge property",
      "MATCH ()-[e:PART_OF]->() WHERE e.relation IS NULL RETURN count(*)", SAME,
      "SELECT count(*) FROM PART_OF WHERE relation IS NULL"),

    # --- group by ----------------------------------------------------------------------------
    q("born_per_year", "group by the year of a node date",
      "MATCH (p:Person) RETURN p.born.year AS year, count(*) AS n ORDER BY year",
      "MATCH (p:Person) RETURN date_part('year', p.born) AS year, count(*) AS n ORDER BY year",
      "SELECT year(born) AS y, count(*) AS n FROM Person GROUP BY y ORDER BY y"),
    q("persons_per_gender", "group by a node string",
      "MATCH (p:Person) RETURN p.gender AS gender, count(*) AS n ORDER BY gender", SAME,
      "SELECT gender, count(*) AS n FROM Person GROUP BY gender ORDER BY gender"),
    q("top_family_names", "group, ORDER BY count DESC with tie-breaker, LIMIT",
      "MATCH (p:Person) RETURN p.family_name AS family, count(*) AS n ORDER BY n DESC, family LIMIT 5", SAME,
      "SELECT family_name AS family, count(*) AS n FROM Person GROUP BY family ORDER BY n DESC, family LIMIT 5"),
    q("held_per_status", "group by an edge string",
      "MATCH ()-[h:HELD]->() RETURN h.status AS status, count(*) AS n ORDER BY status", SAME,
      "SELECT status, count(*) AS n FROM HELD GROUP BY status ORDER BY status"),
    q("held_per_end_year", "group by the year of an edge date",
      "MATCH ()-[h:HELD]->() RETURN h.to.year AS year, count(*) AS n ORDER BY year",
      "MATCH ()-[h:HELD]->() RETURN date_part('year', h.to_) AS year, count(*) AS n ORDER BY year",
      'SELECT year("to") AS y, count(*) AS n FROM HELD GROUP BY y ORDER BY y'),
    q("terms_per_ordinal", "group by a node integer, min/max of dates",
      "MATCH (t:Term) RETURN t.ordinal AS k, count(*) AS n, min(t.from) AS start, max(t.to) AS stop ORDER BY k",
      "MATCH (t:Term) RETURN t.ordinal AS k, count(*) AS n, min(t.from_) AS start, max(t.to_) AS stop ORDER BY k",
      'SELECT ordinal AS k, count(*) AS n, min("from"), max("to") FROM Term GROUP BY k ORDER BY k'),
    q("resolution_stats", "min/max/avg of integers and dates per kind",
      "MATCH (r:Resolution) RETURN r.kind AS kind, count(*) AS n, min(r.number) AS lo, max(r.number) AS hi, avg(r.number) AS mean, min(r.date) AS first, max(r.date) AS last ORDER BY kind",
      SAME,
      "SELECT kind, count(*), min(number), max(number), avg(number), min(date), max(date) FROM Resolution GROUP BY kind ORDER BY kind"),
    q("part_of_coalesce", "group by coalesce() of an edge property with nulls",
      "MATCH (:Organization)-[e:PART_OF]->(:Organization) RETURN coalesce(e.relation, 'none') AS relation, count(*) AS n ORDER BY relation",
      SAME,
      "SELECT coalesce(relation, 'none') AS relation, count(*) AS n FROM PART_OF GROUP BY 1 ORDER BY 1"),
    q("successions_2020_top_roles", "edge date filter, group by an edge string, top 5",
      "MATCH (:Person)-[s:SUCCEEDED]->(:Person) WHERE s.date >= date('2020-01-01') RETURN s.role AS role, count(*) AS n ORDER BY n DESC, role LIMIT 5",
      SAME,
      "SELECT role, count(*) AS n FROM SUCCEEDED WHERE date >= DATE '2020-01-01' GROUP BY role ORDER BY n DESC, role LIMIT 5"),
    q("born_range", "min/max of dates, count(DISTINCT year)",
      "MATCH (p:Person) RETURN min(p.born), max(p.born), count(DISTINCT p.born.year)",
      "MATCH (p:Person) RETURN min(p.born), max(p.born), count(DISTINCT date_part('year', p.born))",
      "SELECT min(born), max(born), count(DISTINCT year(born)) FROM Person"),
    q("mean_birth_year_current", "avg of a date part per role kind, edge filter",
      "MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.status = 'current' RETURN r.role AS role, avg(p.born.year) AS mean ORDER BY role",
      "MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.status = 'current' RETURN r.role AS role, avg(date_part('year', p.born)) AS mean ORDER BY role",
      "SELECT r.role, avg(year(p.born)) FROM HELD h JOIN Person p ON p.id = h.src JOIN Role r ON r.id = h.dst "
      "WHERE h.status = 'current' GROUP BY r.role ORDER BY r.role"),

    # --- ORDER BY ... LIMIT --------------------------------------------------------------------
    q("top_roles_by_holders", "count(DISTINCT p) per role, top 10",
      "MATCH (p:Person)-[:HELD]->(r:Role) RETURN r.id, count(DISTINCT p) AS n ORDER BY n DESC, r.id LIMIT 10", SAME,
      "SELECT dst, count(DISTINCT src) AS n FROM HELD GROUP BY dst ORDER BY n DESC, dst LIMIT 10"),
    q("latest_awards", "ORDER BY an edge date DESC, LIMIT 5",
      "MATCH (p:Person)-[r:RECEIVED]->(a:Award) RETURN p.id, a.id, r.date ORDER BY r.date DESC, p.id, a.id LIMIT 5", SAME,
      "SELECT src, dst, date FROM RECEIVED ORDER BY date DESC, src, dst LIMIT 5"),
    q("districts_by_name", "ORDER BY a Vietnamese string, SKIP, LIMIT",
      "MATCH (o:Organization) WHERE o.level = 'district' RETURN o.name ORDER BY o.name SKIP 10 LIMIT 5", SAME,
      "SELECT name FROM Organization WHERE level = 'district' ORDER BY name OFFSET 10 LIMIT 5"),

    # --- anti-joins, OPTIONAL MATCH, nulls ------------------------------------------------------
    q("persons_without_award", "anti-join NOT (p)-[:RECEIVED]->()",
      "MATCH (p:Person) WHERE NOT (p)-[:RECEIVED]->() RETURN count(*)",
      "MATCH (p:Person) WHERE NOT EXISTS { MATCH (p)-[:RECEIVED]->() } RETURN count(*)",
      "SELECT count(*) FROM Person p WHERE NOT EXISTS (SELECT 1 FROM RECEIVED r WHERE r.src = p.id)"),
    q("roles_never_held", "anti-join on the incoming side",
      "MATCH (r:Role) WHERE NOT ()-[:HELD]->(r) RETURN r.id ORDER BY r.id",
      "MATCH (r:Role) WHERE NOT EXISTS { MATCH ()-[:HELD]->(r) } RETURN r.id ORDER BY r.id",
      "SELECT id FROM Role r WHERE NOT EXISTS (SELECT 1 FROM HELD h WHERE h.dst = r.id) ORDER BY id"),
    q("recent_awards_optional", "OPTIONAL MATCH with a WHERE, count per award",
      "MATCH (a:Award) OPTIONAL MATCH (a)<-[r:RECEIVED]-(p:Person) WHERE r.date >= date('2023-01-01') RETURN a.id AS award, count(p) AS n ORDER BY award",
      SAME,
      "SELECT a.id, count(r.src) FROM Award a LEFT JOIN RECEIVED r ON r.dst = a.id AND r.date >= DATE '2023-01-01' GROUP BY a.id ORDER BY a.id"),
    q("award_count_distribution", "OPTIONAL MATCH, count per person, then count per count",
      "MATCH (p:Person) OPTIONAL MATCH (p)-[:RECEIVED]->(a:Award) WITH p, count(a) AS k RETURN k, count(*) AS persons ORDER BY k",
      SAME,
      "SELECT k, count(*) FROM (SELECT p.id, count(r.dst) AS k FROM Person p LEFT JOIN RECEIVED r ON r.src = p.id GROUP BY p.id) GROUP BY k ORDER BY k"),
    q("optional_awards_nulls", "OPTIONAL MATCH returning nulls",
      "MATCH (p:Person) WHERE p.name STARTS WITH 'Đỗ Thị' OPTIONAL MATCH (p)-[r:RECEIVED]->(a:Award) RETURN p.id, a.id, r.date ORDER BY p.id, a.id LIMIT 20",
      SAME,
      "SELECT p.id, r.dst, r.date FROM Person p LEFT JOIN RECEIVED r ON r.src = p.id WHERE starts_with(p.name, 'Đỗ Thị') ORDER BY p.id, r.dst LIMIT 20"),

    # --- variable-length paths ----------------------------------------------------------------
    q("successors_1_2_hops", "-[:SUCCEEDED*1..2]-> from one person, distinct ends",
      "MATCH (p:Person {id: $successor})-[:SUCCEEDED*1..2]->(q:Person) RETURN count(DISTINCT q)", SAME,
      "SELECT count(DISTINCT dst) FROM (SELECT dst FROM SUCCEEDED WHERE src = $successor UNION ALL "
      "SELECT s2.dst FROM SUCCEEDED s1 JOIN SUCCEEDED s2 ON s2.src = s1.dst WHERE s1.src = $successor)"),
    q("neighbourhood_2_hops", "-[*1..2]- any type, any direction, from one person",
      "MATCH (p:Person {id: $person})-[*1..2]-(x) WHERE x <> p RETURN count(DISTINCT x)", SAME,
      f"WITH e AS ({_all_edges}), u AS (SELECT src AS a, dst AS b FROM e UNION ALL SELECT dst, src FROM e), "
      "one AS (SELECT DISTINCT b AS x FROM u WHERE a = $person) "
      "SELECT count(DISTINCT x) FROM (SELECT x FROM one UNION SELECT u.b FROM one JOIN u ON u.a = one.x) WHERE x <> $person"),
    q("succession_chains_2", "counting paths of exactly 2 SUCCEEDED edges from women",
      "MATCH (a:Person)-[:SUCCEEDED*2]->(c:Person) WHERE a.gender = 'female' RETURN count(*)",
      "MATCH (a:Person)-[:SUCCEEDED*2..2]->(c:Person) WHERE a.gender = 'female' RETURN count(*)",
      "SELECT count(*) FROM Person a JOIN SUCCEEDED s1 ON s1.src = a.id JOIN SUCCEEDED s2 ON s2.src = s1.dst WHERE a.gender = 'female'"),
    q("province_subtree", "-[:PART_OF*1..3]-> into one province committee, per kind",
      "MATCH (o:Organization)-[:PART_OF*1..3]->(t:Organization {id: 'org:tinh-uy:p1'}) RETURN o.kind AS kind, o.level AS level, count(*) AS n ORDER BY kind, level",
      SAME,
      "WITH RECURSIVE sub(id, depth) AS (SELECT src, 1 FROM PART_OF WHERE dst = 'org:tinh-uy:p1' UNION ALL "
      "SELECT p.src, depth + 1 FROM PART_OF p JOIN sub ON p.dst = sub.id WHERE depth < 3) "
      "SELECT o.kind, o.level, count(*) FROM sub JOIN Organization o ON o.id = sub.id GROUP BY ALL ORDER BY 1, 2"),

    # --- two and three hops -------------------------------------------------------------------
    q("posts_per_org_level", "two hops, count(DISTINCT) and count per level",
      "MATCH (p:Person)-[:HELD]->(:Role)-[:ROLE_OF]->(o:Organization) RETURN o.level AS level, count(DISTINCT p) AS persons, count(*) AS posts ORDER BY level",
      # Kùzu 0.11.3 answers 0 for a count(*) placed after a count(DISTINCT ...) in a grouped
      # RETURN; counting first (in a WITH) and reordering gives its right answer.
      "MATCH (p:Person)-[:HELD]->(:Role)-[:ROLE_OF]->(o:Organization) WITH o.level AS level, count(*) AS posts, count(DISTINCT p) AS persons RETURN level, persons, posts ORDER BY level",
      "SELECT o.level, count(DISTINCT h.src), count(*) FROM HELD h JOIN ROLE_OF ro ON ro.src = h.dst JOIN Organization o ON o.id = ro.dst GROUP BY o.level ORDER BY o.level"),
    q("awards_per_org_level", "two hops through a person, node filter",
      "MATCH (o:Organization)<-[:MEMBER_OF]-(p:Person)-[:RECEIVED]->(a:Award) WHERE a.kind = 'huan_chuong' RETURN o.level AS level, count(*) AS n ORDER BY level",
      SAME,
      "SELECT o.level, count(*) FROM MEMBER_OF m JOIN Organization o ON o.id = m.dst JOIN RECEIVED r ON r.src = m.src "
      "JOIN Award a ON a.id = r.dst WHERE a.kind = 'huan_chuong' GROUP BY o.level ORDER BY o.level"),
    q("posts_per_parent_kind", "three hops with an edge date filter",
      "MATCH (p:Person)-[h:HELD]->(:Role)-[:ROLE_OF]->(o:Organization)-[:PART_OF]->(parent:Organization) WHERE h.from >= date('2000-01-01') RETURN parent.kind AS kind, count(*) AS n ORDER BY kind",
      "MATCH (p:Person)-[h:HELD]->(:Role)-[:ROLE_OF]->(o:Organization)-[:PART_OF]->(parent:Organization) WHERE h.from_ >= date('2000-01-01') RETURN parent.kind AS kind, count(*) AS n ORDER BY kind",
      "SELECT parent.kind, count(*) FROM HELD h JOIN ROLE_OF ro ON ro.src = h.dst JOIN PART_OF po ON po.src = ro.dst "
      "JOIN Organization parent ON parent.id = po.dst WHERE h.\"from\" >= DATE '2000-01-01' GROUP BY 1 ORDER BY 1"),
    q("decorated_current_holders", "three nodes around a person, filters on both sides",
      "MATCH (a:Award)<-[:RECEIVED]-(p:Person)-[h:HELD]->(:Role) WHERE h.status = 'current' AND a.kind = 'huy_hieu' RETURN count(DISTINCT p)",
      SAME,
      "SELECT count(DISTINCT p.src) FROM RECEIVED p JOIN Award a ON a.id = p.dst JOIN HELD h ON h.src = p.src "
      "WHERE h.status = 'current' AND a.kind = 'huy_hieu'"),
    q("secretaries_born", "property map on the far node, min/max of dates",
      "MATCH (p:Person)-[:HELD]->(r:Role {role: 'bi_thu'}) RETURN count(DISTINCT p) AS persons, min(p.born) AS oldest, max(p.born) AS youngest",
      SAME,
      "SELECT count(DISTINCT p.id), min(p.born), max(p.born) FROM HELD h JOIN Role r ON r.id = h.dst JOIN Person p ON p.id = h.src WHERE r.role = 'bi_thu'"),
    q("issued_2021_per_level", "filter on the year of an edge date, group by the far node",
      "MATCH (r:Resolution)-[i:ISSUED_BY]->(o:Organization) WHERE i.date.year = 2021 RETURN o.level AS level, count(*) AS n ORDER BY level",
      "MATCH (r:Resolution)-[i:ISSUED_BY]->(o:Organization) WHERE date_part('year', i.date) = 2021 RETURN o.level AS level, count(*) AS n ORDER BY level",
      "SELECT o.level, count(*) FROM ISSUED_BY i JOIN Organization o ON o.id = i.dst WHERE year(i.date) = 2021 GROUP BY 1 ORDER BY 1"),

    # --- WITH, collect, UNWIND ----------------------------------------------------------------
    q("many_posts", "WITH count, filter on the aggregate, regroup",
      "MATCH (p:Person)-[:HELD]->() WITH p, count(*) AS k WHERE k >= 5 RETURN k, count(*) AS persons ORDER BY k",
      SAME,
      "SELECT k, count(*) FROM (SELECT src, count(*) AS k FROM HELD GROUP BY src) WHERE k >= 5 GROUP BY k ORDER BY k"),
    q("collect_size", "collect() then size() in WITH",
      "MATCH (p:Person)-[:HELD]->(r:Role) WITH p, collect(r.id) AS roles WHERE size(roles) >= 6 RETURN count(*)",
      SAME,
      "SELECT count(*) FROM (SELECT src, list(dst) AS roles FROM HELD GROUP BY src) WHERE len(roles) >= 6"),
    # --- shapes added in session 11 (after the engine met them outside this suite) -----------------
    q("distinct_roles_ordered", "RETURN DISTINCT … ORDER BY without LIMIT",
      "MATCH (p:Person)-[:HELD]->(r:Role) RETURN DISTINCT r.role AS role ORDER BY role", SAME,
      "SELECT DISTINCT r.role AS role FROM HELD h JOIN Role r ON r.id = h.dst JOIN Person p ON p.id = h.src ORDER BY role"),
    q("age_band_case", "CASE as a group key",
      "MATCH (p:Person) RETURN CASE WHEN p.born.year < 1960 THEN 'older' ELSE 'younger' END AS band, count(*) AS n ORDER BY band",
      "MATCH (p:Person) RETURN CASE WHEN date_part('year', p.born) < 1960 THEN 'older' ELSE 'younger' END AS band, count(*) AS n ORDER BY band",
      "SELECT CASE WHEN year(born) < 1960 THEN 'older' ELSE 'younger' END AS band, count(*) AS n FROM Person GROUP BY band ORDER BY band"),
    q("name_regex", "=~ on a Vietnamese name",
      "MATCH (p:Person) WHERE p.name =~ '.*Văn.*' RETURN count(*)", SAME,
      "SELECT count(*) FROM Person WHERE regexp_full_match(name, '.*Văn.*')"),
    q("successors_of_1950s", "variable-length from persons filtered by birth year, distinct ends",
      "MATCH (a:Person)-[:SUCCEEDED*1..3]->(b:Person) WHERE a.born.year = 1950 RETURN count(DISTINCT b)",
      "MATCH (a:Person)-[:SUCCEEDED*1..3]->(b:Person) WHERE date_part('year', a.born) = 1950 RETURN count(DISTINCT b)",
      "WITH RECURSIVE r(d, depth) AS (SELECT s.dst, 1 FROM SUCCEEDED s JOIN Person a ON a.id = s.src WHERE year(a.born) = 1950 "
      "UNION SELECT x.dst, r.depth + 1 FROM r JOIN SUCCEEDED x ON x.src = r.d WHERE r.depth < 3) SELECT count(DISTINCT d) FROM r"),
    q("born_same_day", "MATCH after MATCH sharing no variable: persons born the day one was",
      "MATCH (a:Person {id: $person}) MATCH (b:Person) WHERE b.born = a.born AND b.id <> a.id RETURN count(*)", SAME,
      "SELECT count(*) FROM Person a JOIN Person b ON b.born = a.born AND b.id <> a.id WHERE a.id = $person"),
    q("births_per_year_unwind", "UNWIND a list of years, then MATCH per year",
      "UNWIND range(1950, 1960) AS y MATCH (p:Person) WHERE p.born.year = y RETURN y, count(*) AS n ORDER BY y",
      "UNWIND range(1950, 1960) AS y MATCH (p:Person) WHERE date_part('year', p.born) = y RETURN y, count(*) AS n ORDER BY y",
      "SELECT y, count(*) AS n FROM range(1950, 1961) t(y) JOIN Person p ON year(p.born) = y GROUP BY y ORDER BY y"),
    q("many_posts_count_subquery", "COUNT { } subquery in WHERE",
      "MATCH (p:Person) WHERE COUNT { (p)-[:HELD]->() } > 3 RETURN count(*)",
      "MATCH (p:Person) WHERE COUNT { MATCH (p)-[:HELD]->() } > 3 RETURN count(*)",
      "SELECT count(*) FROM Person p WHERE (SELECT count(*) FROM HELD h WHERE h.src = p.id) > 3"),

    q("role_kinds_unwind", "collect(DISTINCT) then UNWIND and regroup",
      "MATCH (p:Person)-[:HELD]->(r:Role) WITH p, collect(DISTINCT r.role) AS kinds UNWIND kinds AS kind RETURN kind, count(*) AS persons ORDER BY kind",
      SAME,
      "SELECT kind, count(*) FROM (SELECT unnest(list(DISTINCT r.role)) AS kind FROM HELD h JOIN Role r ON r.id = h.dst GROUP BY h.src) GROUP BY kind ORDER BY kind"),
]
