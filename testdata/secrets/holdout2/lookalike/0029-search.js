import algoliasearch from 'algoliasearch/lite';

// search-only key, safe in the browser
export const searchClient = algoliasearch('EPZI5VJ5IW', 'af6053225192ef246365dd4581e50b16');
