// Questions in time. The article dates Trần Quốc Trung's tenure from "2015", the year only: a
// date known to the year stands for any day in it, so what it cannot decide is unknown (null).

// Who held which post on 1 June 2018? `:at` binds $at for the session.
:at 2018-06-01
MATCH (p:Person)-[h:HELD]->(r:Role)
WHERE during($at, h.from, h.to)
RETURN r.name AS post, p.name AS holder, h.from AS from, h.to AS to;

// On 1 June 2015 the record cannot tell: "2015" may be before or after it.
:at 2015-06-01
MATCH (p:Person)-[h:HELD]->(r:Role)
RETURN p.name AS holder, h.from AS from, h.from <= $at AS began_by_then, during($at, h.from, h.to) AS held_then
ORDER BY h.from;

// :show marks each dated edge at that date: ✓ valid then, ? unknown, · not.
:show role:bi-thu-thanh-uy-can-tho
:at off

// Tenure lengths: an uncertain start gives the shortest and the longest the tenure can have
// been (to the article's date for a tenure not ended).
MATCH (p:Person)-[h:HELD]->(r:Role)
WITH p, h, coalesce(h.to, date('2020-10-14')) AS until
RETURN p.name AS holder, h.from AS from, precision(h.from) AS known_to, h.to AS to,
       duration.between(latest(h.from), until) AS at_least, duration.between(earliest(h.from), until) AS at_most,
       duration.inDays(latest(h.from), until).days AS days_at_least
ORDER BY h.from;

// Pairs who held posts in the same body at overlapping times (the ends count: a handover day
// is shared; a tenure not ended runs on). Two MATCH clauses: one post may be held by both.
MATCH (a:Person)-[x:HELD]->(:Role)-[:ROLE_OF]->(o:Organization)
MATCH (b:Person)-[y:HELD]->(:Role)-[:ROLE_OF]->(o)
WHERE a.id < b.id
RETURN o.name AS body, a.name AS one, b.name AS other, overlaps(x.from, x.to, y.from, y.to) AS overlapped;

// The post's holders on a time axis (░: the year the start is known to, ▸: not ended).
:timeline role:bi-thu-thanh-uy-can-tho
