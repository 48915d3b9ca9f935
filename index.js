// n8n loads this package's node and credentials from the "n8n" field of package.json, not from
// here; this file only lets the repository be required as a module.
module.exports = {};
