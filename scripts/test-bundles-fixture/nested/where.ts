export function where(): { dirname: string; filename: string; url: string } {
  return { dirname: import.meta.dirname, filename: import.meta.filename, url: import.meta.url };
}
