// Who held which post, in which term, from when to when, and who succeeded whom.
MATCH (p:Person)-[h:HELD]->(r:Role)-[:ROLE_OF]->(o:Organization)
OPTIONAL MATCH (t:Term {id: h.term})
RETURN p.name AS person, r.name AS post, o.name AS body, t.label AS term, h.from AS from, h.to AS to, h.status AS status
ORDER BY from;

MATCH (successor:Person)-[s:SUCCEEDED]->(predecessor:Person)
RETURN successor.name AS successor, predecessor.name AS predecessor, s.date AS on, s.basis AS basis;
