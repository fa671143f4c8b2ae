// The figures the article reports about streamlining the apparatus (as of 14/10/2020).
// Note the Vietnamese number format in the quotes: "3.855" is 3855, "129,28%" is 129.28 %.
MATCH (f:Figure)-[:ABOUT]->(x)
RETURN f.value AS value, f.unit AS unit, f.metric AS metric, x.name AS about, f.quote AS quote
ORDER BY about, value DESC;
