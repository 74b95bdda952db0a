/** The Tearline mark: lines of text with the last one torn off. */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="6" />
      <path d="M7 10h18M7 16h18" className="brand-line" />
      <path d="M7 22h18" className="brand-tear" />
    </svg>
  );
}
