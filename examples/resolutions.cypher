// Which resolutions and directives the sector carried out, and which it plans to, with their
// symbols, dates, and where they were adopted.
MATCH (:Organization {id: 'org:nganh-tcxdd-can-tho'})-[i:IMPLEMENTS]->(r:Resolution)
OPTIONAL MATCH (r)-[:ADOPTED_AT]->(at)
RETURN i.modality AS modality, r.symbol AS symbol, r.name AS resolution, r.date AS date, at.name AS adopted_at
ORDER BY modality, date, resolution;

// Documents numbered again each term: the symbol alone is not unique, so ids carry the term.
MATCH (r:Resolution) WHERE r.symbol IS NOT NULL
RETURN r.id AS id, r.symbol AS symbol, r.kind AS kind ORDER BY id;
