// The paper's claims (docs/palm.md §1): the table, its row types, and experiment specs read with their claims.
export * from './claims';
export * from './experiment';
