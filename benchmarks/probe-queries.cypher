-- h01 two equalities
MATCH (p:Person) WHERE p.born.year = 1965 AND p.family_name = 'Nguyễn' RETURN count(*)
-- h02 group by concat
MATCH (p:Person) RETURN p.family_name + ' ' + p.given_name AS short, count(*) AS n ORDER BY n DESC, short LIMIT 5
-- h03 id prefix
MATCH (p:Person) WHERE p.id STARTS WITH 'person:nguyen-van' RETURN count(*)
-- h04 tenure years
MATCH (p:Person)-[h:HELD]->(r:Role) RETURN h.to.year - h.from.year AS years, count(*) AS n ORDER BY years
-- h05 open posts
MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.to IS NULL RETURN count(*)
-- h06 decade
MATCH (p:Person) WITH p.born.year / 10 * 10 AS decade, count(*) AS n RETURN decade, n ORDER BY decade
-- h07 avg age
MATCH (p:Person) RETURN avg(2024 - p.born.year)
-- h08 name length
MATCH (p:Person) WHERE size(p.name) > 15 RETURN count(*)
-- h09 toLower contains
MATCH (p:Person) WHERE toLower(p.name) CONTAINS 'văn' RETURN count(*)
-- h10 members per province org
MATCH (p:Person)-[:MEMBER_OF]->(o:Organization) WHERE o.level = 'province' RETURN o.name, count(p) AS n ORDER BY n DESC, o.name LIMIT 5
-- h11 awards top
MATCH (p:Person)-[:RECEIVED]->(a:Award) WITH a, count(*) AS n RETURN a.name, n ORDER BY n DESC, a.name LIMIT 3
-- h12 cross-node compare
MATCH (a:Person)-[:SUCCEEDED]->(b:Person) WHERE a.born > b.born RETURN count(*)
-- h13 order whole nodes
MATCH (p:Person) RETURN p.id ORDER BY p.born DESC, p.id LIMIT 3
-- h14 null born
MATCH (p:Person) WHERE p.born IS NULL RETURN count(*)
-- h15 count prop and distinct
MATCH (p:Person) RETURN count(p.born), count(DISTINCT p.family_name)
-- h16 role kinds
MATCH (r:Role) RETURN r.role, count(*) AS n ORDER BY n DESC, r.role
-- h17 IN list
MATCH (p:Person)-[:HELD]->(r:Role) WHERE r.role IN ['bi_thu', 'pho_bi_thu'] RETURN count(DISTINCT p)
-- h18 month and not
MATCH (p:Person) WHERE p.gender <> 'male' AND p.born.month = 5 RETURN count(*)
-- h19 two keys group
MATCH (n:Organization) RETURN n.kind, n.level, count(*) AS n ORDER BY n.kind, n.level
-- h20 holders of an org
MATCH (p:Person)-[:HELD]->(r:Role)-[:ROLE_OF]->(o:Organization {id: 'org:tinh-uy:p1'}) RETURN p.name ORDER BY p.name LIMIT 10
-- h21 exists pattern
MATCH (p:Person) WHERE exists((p)-[:SUCCEEDED]->()) RETURN count(*)
-- h22 top then expand
MATCH (p:Person) WITH p ORDER BY p.born, p.id LIMIT 100 MATCH (p)-[:HELD]->(r) RETURN count(*)
-- h23 max per person
MATCH (p:Person)-[h:HELD]->() WITH p, max(h.from) AS last RETURN last.year AS y, count(*) AS n ORDER BY y DESC LIMIT 5
-- h24 initial
MATCH (p:Person) RETURN substring(p.name, 0, 1) AS initial, count(*) AS n ORDER BY initial
-- h25 distinct per award kind
MATCH (p:Person)-[:RECEIVED]->(a:Award) RETURN a.kind, count(DISTINCT p) AS n ORDER BY a.kind
-- h26 path length
MATCH path = (a:Person)-[:SUCCEEDED*1..3]->(b:Person) WHERE a.id = 'person:bui-cong-binh:708478' RETURN length(path) AS l, count(*) AS n ORDER BY l
-- h27 or range
MATCH (p:Person) WHERE p.born < date('1950-01-01') OR p.born > date('1995-01-01') RETURN count(*)
-- h28 modulo
MATCH (r:Resolution) WHERE r.number % 2 = 0 RETURN count(*)
-- h29 toUpper group
MATCH (p:Person) RETURN toUpper(p.family_name) AS f, count(*) AS n ORDER BY f LIMIT 3
-- h30 with filter group
MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.from.year >= 2015 WITH r.role AS role, count(*) AS n RETURN role, n ORDER BY n DESC, role
-- h31 labels of neighbours
MATCH (t:Term)-[]-(x) RETURN labels(x) AS l, count(*) AS n ORDER BY n DESC
-- h32 co-holders
MATCH (p:Person)-[:HELD]->(r:Role)<-[:HELD]-(q:Person) WHERE p.id = 'person:bui-cong-binh:708478' AND q <> p RETURN count(DISTINCT q)
-- h33 sum of ints
MATCH (r:Resolution) RETURN sum(r.number), max(r.number)
-- h34 count edges from persons
MATCH (p:Person)-[e]->() RETURN type(e) AS t, count(*) AS n ORDER BY t
-- h35 degree distribution
MATCH (p:Person) RETURN size([(p)-[:HELD]->() | 1]) AS d, count(*) AS n ORDER BY d
-- h36 collect names limited
MATCH (a:Award)<-[:RECEIVED]-(p:Person) WITH a, collect(p.name)[0..3] AS some RETURN a.id, size(some) ORDER BY a.id LIMIT 5
-- h37 date literal equality
MATCH (p:Person) WHERE p.born = date('1970-01-01') RETURN count(*)
-- h38 string comparison range
MATCH (p:Person) WHERE p.name >= 'Trần' AND p.name < 'Trầo' RETURN count(*)
-- h39 optional with null check
MATCH (p:Person) OPTIONAL MATCH (p)-[s:SUCCEEDED]->() WITH p, s WHERE s IS NULL RETURN count(*)
-- h40 count distinct pairs
MATCH (p:Person)-[:MEMBER_OF]->(o:Organization) RETURN count(DISTINCT o), count(DISTINCT p)
-- k01 org name contains
MATCH (p:Person)-[:HELD]->(r:Role)-[:ROLE_OF]->(o:Organization) WHERE o.name CONTAINS 'Tỉnh 1' RETURN count(*)
-- k02 folded and year
MATCH (p:Person) WHERE p.name ~ 'nguyen van' AND p.born.year > 1970 RETURN count(*)
-- k03 stats per gender
MATCH (p:Person) RETURN p.gender AS g, avg(p.born.year) AS a, min(p.born.year) AS lo, max(p.born.year) AS hi ORDER BY g
-- k04 current by role
MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.status = 'current' RETURN r.role AS role, count(*) AS n ORDER BY n DESC, role
-- k05 succession years
MATCH (p:Person)-[s:SUCCEEDED]->(q:Person) RETURN s.date.year AS y, count(*) AS n ORDER BY y DESC LIMIT 5
-- k06 big orgs
MATCH (o:Organization)<-[:MEMBER_OF]-(p:Person) WITH o, count(p) AS members WHERE members > 30 RETURN count(o)
-- k07 year IN
MATCH (p:Person) WHERE p.born.year IN [1950, 1960, 1970] RETURN p.born.year AS y, count(*) AS n ORDER BY y
-- k08 award in year kind
MATCH (p:Person)-[r:RECEIVED]->(a:Award) WHERE r.date.year = 2021 AND a.kind = 'huan_chuong' RETURN count(DISTINCT p)
-- k09 never secretary
MATCH (p:Person) WHERE NOT (p)-[:HELD]->(:Role {role: 'bi_thu'}) RETURN count(*)
-- k10 most posts
MATCH (p:Person)-[:HELD]->(r:Role) WITH p, count(r) AS posts ORDER BY posts DESC, p.id LIMIT 5 RETURN p.id, posts
-- k11 issuing orgs
MATCH (r:Resolution)-[:ISSUED_BY]->(o:Organization) RETURN o.id, count(r) AS n ORDER BY n DESC, o.id LIMIT 5
-- k12 distinct concat
MATCH (p:Person) RETURN count(DISTINCT p.family_name + ' ' + p.middle_name)
-- k13 female awards
MATCH (p:Person {gender: 'female'})-[:RECEIVED]->(a:Award) RETURN a.name AS award, count(*) AS n ORDER BY award
-- k14 youngest names
MATCH (p:Person) WHERE p.born >= date('1980-01-01') RETURN p.name ORDER BY p.born, p.id LIMIT 10
-- k15 collect per year
MATCH (p:Person) WITH p.born.year AS y, collect(p.id) AS ids RETURN y, size(ids) AS n ORDER BY y LIMIT 3
-- k16 two cycle
MATCH (a:Person)-[:SUCCEEDED]->(b:Person)-[:SUCCEEDED]->(c:Person) WHERE a = c RETURN count(*)
-- k17 held at a date
MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.from <= date('2015-01-01') AND (h.to IS NULL OR h.to >= date('2015-01-01')) RETURN count(DISTINCT p)
-- k18 duration years
MATCH (p:Person)-[h:HELD]->(r:Role) RETURN duration.between(h.from, h.to).years AS y, count(*) AS n ORDER BY y
-- k19 two string equalities
MATCH (p:Person) WHERE p.family_name = 'Nguyễn' AND p.middle_name = 'Văn' RETURN count(*)
-- k20 member parent level
MATCH (p:Person)-[:MEMBER_OF]->(o:Organization)-[:PART_OF]->(parent:Organization) RETURN parent.level AS l, count(*) AS n ORDER BY l
-- k21 percent
MATCH (p:Person) RETURN p.gender AS g, count(*) * 100.0 / 1000000 AS pct ORDER BY g
-- k22 count and distinct per role
MATCH (p:Person)-[:HELD]->(r:Role) RETURN r.role AS role, count(*) AS n, count(DISTINCT p) AS people ORDER BY role
-- k23 congress terms
MATCH (t:Term)<-[:ELECTED]-(c:Congress) RETURN t.name, c.name ORDER BY t.name
-- k24 year range and gender
MATCH (p:Person) WHERE p.born.year >= 1960 AND p.born.year < 1965 AND p.gender = 'male' RETURN count(*)
-- k25 role name prefix
MATCH (p:Person)-[:HELD]->(r:Role) WHERE r.name STARTS WITH 'Bí thư' RETURN count(*)
-- k26 names desc
MATCH (p:Person) RETURN p.name, p.born ORDER BY p.name DESC, p.born LIMIT 5
-- k27 id suffix
MATCH (n:Person) WHERE n.id ENDS WITH '00000' RETURN n.id ORDER BY n.id
-- k28 repeat awardees
MATCH (p:Person)-[:RECEIVED]->(a:Award) WITH p, count(a) AS k WHERE k >= 2 RETURN count(*)
-- k29 optional current
MATCH (p:Person) OPTIONAL MATCH (p)-[h:HELD {status: 'current'}]->(r:Role) RETURN count(p), count(r)
-- k30 new year born
MATCH (p:Person) WHERE p.born.month = 1 AND p.born.day = 1 RETURN count(*)
