import { Component, type ErrorInfo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

function CrashNotice() {
  const { t } = useTranslation();
  return (
    <section className="crash" role="alert" data-testid="crash">
      <h2>{t("crash.title")}</h2>
      <p>{t("crash.body")}</p>
      <button type="button" className="primary" onClick={() => window.location.reload()}>
        {t("crash.reload")}
      </button>
    </section>
  );
}

/**
 * Catches a render error in one page, so that the rest (header, navigation) keeps working and the
 * customer gets a sentence and a reload button instead of a blank page. Navigating elsewhere
 * (another `resetKey`) clears it.
 */
export class ErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("page crashed:", error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }

  override render(): ReactNode {
    return this.state.failed ? <CrashNotice /> : this.props.children;
  }
}
