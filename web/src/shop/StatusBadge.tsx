import { useTranslation } from "react-i18next";
import type { OrderStatus } from "../../../src/sdk/index.js";

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <span className={`status ${status.toLowerCase()}`}>{t(`status.${status}`)}</span>;
}
