// A classification banner line (`UNCLASSIFIED//DEMO`, `SECRET//REL TO USA, GBR`) in the
// colour of its level. Used for the system banner now and for tearline previews later, so
// it takes the rendered text and the level, and knows nothing about where they came from.

/** U < C < S < TS (DOMAIN.md §2); the display names are configurable, the levels are not. */
export type ClassificationLevel = 'U' | 'C' | 'S' | 'TS';

const LEVEL_NAMES: Readonly<Record<ClassificationLevel, string>> = {
  U: 'unclassified',
  C: 'confidential',
  S: 'secret',
  TS: 'top-secret',
};

export interface ClassificationBannerProps {
  readonly level: ClassificationLevel;
  readonly text: string;
  /** A repeated banner (the bottom one) is hidden from screen readers, which heard the first. */
  readonly repeat?: boolean;
}

export function ClassificationBanner({ level, text, repeat = false }: ClassificationBannerProps) {
  return (
    <div
      className={`classification-banner classification-${LEVEL_NAMES[level]}`}
      role={repeat ? undefined : 'note'}
      aria-label={repeat ? undefined : `Classification: ${text}`}
      aria-hidden={repeat ? true : undefined}
      data-testid={repeat ? undefined : 'classification-banner'}
    >
      {text}
    </div>
  );
}
