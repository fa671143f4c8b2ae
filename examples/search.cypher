// Searching without accents: `~` ignores accents and case, and đ matches d.
MATCH (n) WHERE n.name ~ 'dang bo'
RETURN n.id AS id, n.name AS name ORDER BY id;

MATCH (p:Person) WHERE fold(p.name) STARTS WITH 'le '
RETURN p.name AS name ORDER BY name;

:find thanh uy
