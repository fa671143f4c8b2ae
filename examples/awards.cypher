// Awards: who received them, who presented them, and on what occasion.
MATCH (recipient)-[:RECEIVED]->(a:Award)
RETURN a.name AS award, a.kind AS kind, recipient.name AS received_by
ORDER BY award;

MATCH (p:Person)-[pr:PRESENTED]->(a:Award)
OPTIONAL MATCH (e:Event {id: pr.event})
RETURN p.name AS presented_by, a.name AS award, pr.recipients AS to, e.name AS occasion;
