// Everything the graph holds about one person, and the article's own words for each fact.
:show person:tran-quoc-trung

MATCH (p:Person {id: 'person:tran-quoc-trung'})-[e]-(other)
RETURN type(e) AS relation, other.name AS with, e.basis AS basis, e.quote AS quote
ORDER BY relation;
