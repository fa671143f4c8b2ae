// The network around Trần Quốc Trung, two hops out along the edges that matter here, as a
// Graphviz file (ego.dot in the current directory; draw it with `:render ego.svg` or
// `dot -Tsvg ego.dot > ego.svg`).
:dot ego person:tran-quoc-trung 2 ego.dot --types HELD,ROLE_OF,TERM_OF,SUCCEEDED,PRESENTED,ATTENDED,PART_OF

MATCH (p:Person {id: 'person:tran-quoc-trung'})-[*1..2]-(x)
RETURN count(DISTINCT x) AS within_two_hops;
