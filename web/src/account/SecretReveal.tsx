import { useTranslation } from "react-i18next";

/**
 * The private key and recovery phrase on screen, with the warning that goes with them. Nothing
 * here is stored or sent; it lives as long as the component.
 */
export function SecretReveal({ privateKey, phrase }: { privateKey: string; phrase: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="secrets" data-testid="secrets">
      <p className="warning" role="note">{t("secrets.warning")}</p>
      {phrase !== undefined && (
        <>
          <h3>{t("secrets.phrase")}</h3>
          <ol className="phrase" data-testid="phrase">
            {phrase.split(" ").map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ol>
        </>
      )}
      <h3>{t("secrets.key")}</h3>
      <code className="key" data-testid="private-key">{privateKey}</code>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(phrase ?? privateKey)}>
        {phrase !== undefined ? t("secrets.copyPhrase") : t("secrets.copyKey")}
      </button>
    </div>
  );
}
