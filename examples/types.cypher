// What the graph holds, and the types its file declares (schema statements): a value of
// another type is refused at the statement that writes it. `from` is declared a DATE on every
// edge, so a partial date such as 2015 stays a date here.
:schema
MATCH (p:Person)-[h:HELD]->(r:Role) WHERE h.from IS NOT NULL
RETURN p.name AS person, r.name AS post, h.from AS from ORDER BY from, person;
