// Vite's client types: import.meta.glob, asset imports and `new URL(..., import.meta.url)` workers.
/// <reference types="vite/client" />
