import { useEffect } from 'react';
import { useSwitchboard } from '../stores';

/** Mirrors the theme setting onto <html data-theme>; styles.css resolves "system" with a media query. */
export function useApplyTheme(): void {
  const theme = useSwitchboard((s) => s.settings?.appearance.theme ?? 'system');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
