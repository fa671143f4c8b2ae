// How Lê Quang Mạnh and the interviewee Lê Tấn Thủ are connected in the graph.
MATCH (a:Person {id: 'person:le-quang-manh'}), (b:Person {id: 'person:le-tan-thu'}),
      p = shortestPath((a)-[*..6]-(b))
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS through;

:dot path person:le-quang-manh person:le-tan-thu path.dot
