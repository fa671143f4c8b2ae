// What comes from the article and what from elsewhere: every node and edge names its basis.
MATCH (n) RETURN n.basis AS basis, count(*) AS nodes ORDER BY basis;

MATCH ()-[e]->() RETURN e.basis AS basis, count(*) AS edges ORDER BY basis;

// Facts taken from other pages, with the page each comes from.
MATCH (x)-[e]->(y) WHERE e.basis = 'external'
MATCH (s:Source {id: e.source})
RETURN x.name AS from, type(e) AS fact, y.name AS to, s.url AS page
ORDER BY fact, from;
