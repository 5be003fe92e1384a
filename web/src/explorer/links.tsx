import { Link } from "react-router";
import { Address } from "../ui/Address.js";
import { shortAddress } from "../ui/format.js";

/** An address that opens its account in the explorer's search. */
export function ExplorerAddress({ address }: { address: string }) {
  return (
    <Link to={`/explorer?q=${address}`}>
      <Address address={address} />
    </Link>
  );
}

/** A transaction hash, short, that searches for its transaction. */
export function TxHash({ hash }: { hash: string }) {
  return (
    <Link to={`/explorer?q=${hash}`} className="address" title={hash}>
      {shortAddress(hash)}
    </Link>
  );
}
