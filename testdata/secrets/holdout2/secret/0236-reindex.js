const algoliasearch = require('algoliasearch');

const client = algoliasearch('FXW24EJVRH', 'f98a9cfce07cc728ac021b117bb3eb69');
const index = client.initIndex('products');
index.saveObjects(require('./products.json'), { autoGenerateObjectIDIfNotExist: true });
