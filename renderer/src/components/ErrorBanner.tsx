import type { ResultError } from '../../../electron/shared/result';
import { describeError } from './error-text';

interface ErrorBannerProps {
  title: string;
  error: ResultError;
  onDismiss?: () => void;
}

export function ErrorBanner({ title, error, onDismiss }: ErrorBannerProps) {
  return (
    <div className="banner banner--error" role="alert">
      <p className="banner__text">
        <strong>{title}</strong> {describeError(error)} <code className="banner__code">{error.code}</code>
      </p>
      {onDismiss && (
        <button type="button" className="button button--quiet" onClick={onDismiss} aria-label={`Dismiss: ${title}`}>
          Dismiss
        </button>
      )}
    </div>
  );
}
