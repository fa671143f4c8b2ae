// Counting and testing patterns per row: COUNT { }, EXISTS { } (simple and full forms),
// and a MATCH that runs once per row of the clause before it.
MATCH (p:Person)
RETURN p.name AS person,
       COUNT { (p)-[:HELD]->() } AS posts,
       COUNT { (p)-[:RECEIVED]->() } AS awards,
       CASE WHEN EXISTS { (p)-[:HELD]->() } THEN 'holds a post' ELSE 'no post recorded' END AS status
ORDER BY posts DESC, person;

MATCH (o:Organization)
WHERE EXISTS { MATCH (o)<-[:ROLE_OF]-(r:Role)<-[h:HELD]-(p:Person) WITH o, count(*) AS holders WHERE holders >= 1 RETURN true }
RETURN o.name AS body
ORDER BY body;

UNWIND ['Trần', 'Lê', 'Nguyễn'] AS family
MATCH (p:Person) WHERE p.name STARTS WITH family
RETURN family, count(p) AS persons
ORDER BY family;
