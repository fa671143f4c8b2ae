// Organizations and how they relate: parts, leadership, advice, predecessors.
MATCH (a:Organization)-[r:PART_OF|DIRECTED_BY|ADVISES|PREDECESSOR_OF]->(b:Organization)
RETURN a.name AS organization, type(r) AS relation, coalesce(r.relation, '') AS how, b.name AS of
ORDER BY organization, relation;

MATCH (o:Organization)
RETURN o.kind AS kind, count(*) AS organizations, collect(o.name) AS names
ORDER BY organizations DESC, kind;
