// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsLedger} from "../interfaces/IPointsLedger.sol";
import {LedgerBase} from "./LedgerBase.sol";

/// @title PointsERC20
/// @notice The ledger of the points token: ERC-20 balances and allowances with 0 decimals, ERC-2612
/// permit, and the pause flag. Issuance policy (roles, quotas, references) lives in PointsToken.
/// @dev Written for gas, with OpenZeppelin's errors and events so that wallets and tools see a
/// standard token:
/// - the total supply, the refund reserve and the pause flag share one slot, so a mint or burn reads
///   them at once and a transfer reads the flag for the cost of one cold slot;
/// - balances are at most the total supply, which fits 120 bits, so adding to one cannot overflow;
/// - a batch mint writes the supply once, however many recipients it credits.
/// Transfers and approvals act for `_customer()`: the caller, or the signer of a request the
/// trusted forwarder relays, so a customer with no native coin can use a relayer.
abstract contract PointsERC20 is LedgerBase {
    /// @dev keccak256("Transfer(address,address,uint256)"), for the logs written in assembly.
    uint256 private constant _TRANSFER_EVENT = 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef;
    /// @dev The supply word: the total supply in bits 0-119, the refund reserve (points burned that
    /// a burner may still give back) in bits 120-239, bits 240-247 always 0, the pause flag in
    /// 248-255. One SLOAD gives a mint everything its checks need.
    uint256 private constant _AMOUNT_MASK = (1 << 120) - 1;
    uint256 private constant _RESERVE_SHIFT = 120;

    uint256 private _supply;
    mapping(address account => uint256 points) private _balances;
    constructor(string memory name_, string memory symbol_, address forwarder) LedgerBase(name_, symbol_, forwarder) {}

    // ------------------------------------------------------------------ ERC-20

    function totalSupply() public view returns (uint256 total) {
        (total,,) = _supplyState();
    }

    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    /// @inheritdoc IPointsLedger
    function paused() public view virtual override returns (bool isPaused) {
        (,, isPaused) = _supplyState();
    }

    function transfer(address to, uint256 value) external moves(msg.sender, to, value, true) returns (bool) {
        // Nothing is left to do once the points moved: return `true` without the epilogue.
        assembly ("memory-safe") {
            mstore(0x00, 1)
            return(0x00, 0x20)
        }
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _spendAllowance(from, _customer(), value);
        _transfer(from, to, value);
        return true;
    }


    // ---------------------------------------------------------------- internals

    /// @dev The most points the ledger can hold, counting the refund reserve; a cap, where set, is lower.
    uint256 internal constant _MAX_SUPPLY = _AMOUNT_MASK;

    function _maxSupply() internal pure override returns (uint256) {
        return _MAX_SUPPLY;
    }

    function _setPaused(bool value) internal override {
        _supply = (_supply & ((1 << 248) - 1)) | (value ? 1 << 248 : 0);
    }

    /// @dev The points burners may still give back (see IPointsToken.refundReserve).
    function _refundReserve() internal view override returns (uint256 reserve) {
        (, reserve,) = _supplyState();
    }

    /// @dev Moves `value` from `from` to `to`. The transfer path is the hottest of all, so it is one
    /// block: the pause flag read, each balance slot hashed once, the log written directly, the
    /// reverts encoded in place. It is a modifier because Solidity inlines modifiers, which saves
    /// the internal call on every transfer. PointsERC20Plain (contracts/test) is the same logic in
    /// plain Solidity, and a fuzz test holds the two to the same balances, events and revert data.
    modifier moves(address from, address to, uint256 value, bool forwardable) {
        address forwarder = _trustedForwarder;
        assembly ("memory-safe") {
            // ERC-2771: a request the forwarder relays acts for the signer it appended. This is
            // CustomerContext._customer() written into the block: calling it costs transfer 26 gas.
            if forwardable {
                if eq(from, forwarder) {
                    from := shr(96, calldataload(sub(calldatasize(), 20)))
                }
            }
            // One branch for the three checks keeps the path that succeeds short. Points sent to the
            // token itself would be lost: refused, for 11 gas.
            let isPaused := shr(248, sload(_supply.slot))
            if or(or(isPaused, iszero(to)), eq(to, address())) {
                if isPaused {
                    mstore(0x00, 0xd93c0665) // EnforcedPause()
                    revert(0x1c, 0x04)
                }
                mstore(0x00, 0xec442f05) // ERC20InvalidReceiver(to)
                mstore(0x20, to)
                revert(0x1c, 0x24)
            }
            mstore(0x00, from)
            mstore(0x20, _balances.slot)
            let fromSlot := keccak256(0x00, 0x40)
            let fromBalance := sload(fromSlot)
            if lt(fromBalance, value) {
                let m := mload(0x40)
                mstore(m, shl(224, 0xe450d38c)) // ERC20InsufficientBalance(from, fromBalance, value)
                mstore(add(m, 0x04), from)
                mstore(add(m, 0x24), fromBalance)
                mstore(add(m, 0x44), value)
                revert(m, 0x64)
            }
            sstore(fromSlot, sub(fromBalance, value))
            mstore(0x00, to)
            let toSlot := keccak256(0x00, 0x40)
            sstore(toSlot, add(sload(toSlot), value)) // at most the supply: no overflow
            mstore(0x00, value)
            log3(0x00, 0x20, _TRANSFER_EVENT, from, to)
        }
        _;
    }

    function _transfer(address from, address to, uint256 value) private moves(from, to, value, false) {}

    /// @dev The total supply, the refund reserve and the pause flag, in one read.
    function _supplyState() private view returns (uint256 total, uint256 reserve, bool isPaused) {
        assembly ("memory-safe") {
            let word := sload(_supply.slot)
            total := and(word, _AMOUNT_MASK)
            reserve := and(shr(_RESERVE_SHIFT, word), _AMOUNT_MASK)
            isPaused := shr(248, word)
        }
    }

    /// @dev Reverts unless `to` may receive points: not the zero address, not this token.
    function _checkReceiver(address to) private view {
        if (to == address(0) || to == address(this)) revert ERC20InvalidReceiver(to);
    }

    /// @dev Credits `value` new points to `to`, keeping the supply plus the refund reserve at most
    /// `limit` (<= _MAX_SUPPLY).
    function _mint(address to, uint256 value, uint256 limit) internal override {
        _checkReceiver(to);
        // One block, as in _mintBatch: the supply word read once, checked against the pause flag
        // and the limit, written once, then the balance and the log.
        uint256 status; // 0 ok, 1 paused, 2 over the limit
        uint256 word;
        assembly ("memory-safe") {
            word := sload(_supply.slot)
            switch shr(248, word)
            case 0 {
                // Unpaused, bits 240-255 are 0: the word's upper part is the reserve.
                let used := add(and(word, _AMOUNT_MASK), shr(_RESERVE_SHIFT, word))
                switch or(gt(used, limit), gt(value, sub(limit, used)))
                case 0 {
                    // total + value <= limit < 2^120: no carry into the reserve's bits.
                    sstore(_supply.slot, add(word, value))
                    mstore(0x00, to)
                    mstore(0x20, _balances.slot)
                    let slot := keccak256(0x00, 0x40)
                    sstore(slot, add(sload(slot), value)) // at most the supply: no overflow
                    mstore(0x00, value)
                    log3(0x00, 0x20, _TRANSFER_EVENT, 0, to)
                }
                default { status := 2 }
            }
            default { status := 1 }
        }
        if (status == 1) revert EnforcedPause();
        if (status == 2) _revertOverLimit(word, limit, value);
    }

    /// @dev Credits `values[i]` to `recipients[i]` for every i, writing the supply once and keeping
    /// it plus the refund reserve at most `limit`. Reverts with the index of a recipient that
    /// cannot receive points (zero, this token) or of a zero value.
    function _mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit)
        internal
        override
        returns (uint256 total)
    {
        // One block: the supply read and written once, about 150 gas per recipient beyond its
        // storage write and log. It stops at the first failure and says which in `status`, so the
        // path that succeeds takes one branch after it.
        uint256 status; // 0 ok, 1 paused, 2 bad entry at `bad`, 3 over the limit, 4 the sum overflows
        uint256 bad;
        uint256 word;
        assembly ("memory-safe") {
            word := sload(_supply.slot)
            switch shr(248, word)
            case 0 {
                mstore(0x20, _balances.slot)
                let n := recipients.length
                for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                    let to := calldataload(add(recipients.offset, shl(5, i)))
                    let value := calldataload(add(values.offset, shl(5, i)))
                    // A dirty address is malformed calldata: revert as the ABI decoder would.
                    if shr(160, to) { revert(0, 0) }
                    if or(or(iszero(to), eq(to, address())), iszero(value)) {
                        status := 2
                        bad := i
                        break
                    }
                    total := add(total, value)
                    if lt(total, value) {
                        status := 4
                        break
                    }
                    // May wrap only if `total` passes the limit, and then the whole call reverts.
                    mstore(0x00, to)
                    let slot := keccak256(0x00, 0x40)
                    sstore(slot, add(sload(slot), value))
                    mstore(0x00, value)
                    log3(0x00, 0x20, _TRANSFER_EVENT, 0, to)
                }
                if iszero(status) {
                    let used := add(and(word, _AMOUNT_MASK), shr(_RESERVE_SHIFT, word))
                    let newUsed := add(used, total)
                    switch or(lt(newUsed, used), gt(newUsed, limit))
                    case 0 { sstore(_supply.slot, add(word, total)) } // no carry: newUsed <= limit
                    default { status := 3 }
                }
            }
            default { status := 1 }
        }
        if (status != 0) _revertBatch(status, bad, recipients, word, total, limit);
    }

    function _revertBatch(
        uint256 status,
        uint256 bad,
        address[] calldata recipients,
        uint256 word,
        uint256 total,
        uint256 limit
    ) private view {
        if (status == 1) revert EnforcedPause();
        if (status == 2) {
            address to = recipients[bad];
            if (to == address(0) || to == address(this)) revert BatchInvalidRecipient(bad, to);
            revert BatchZeroAmount(bad);
        }
        _revertOverLimit(word, limit, status == 4 ? type(uint256).max : total);
    }

    function _revertOverLimit(uint256 word, uint256 limit, uint256 wanted) private pure {
        revert SupplyCapExceeded(limit, word & _AMOUNT_MASK, (word >> _RESERVE_SHIFT) & _AMOUNT_MASK, wanted);
    }

    /// @dev Takes `value` from `from` and from the supply into the refund reserve: a burner may
    /// give the points back (`_refundFromReserve`) or give up that right (`_finalizeFromReserve`).
    /// One block, as a mint: the supply word and the balance each read and written once.
    function _burnToReserve(address from, uint256 value) internal override {
        uint256 status; // 0 ok, 1 paused, 2 short of points
        uint256 fromBalance;
        assembly ("memory-safe") {
            let word := sload(_supply.slot)
            switch shr(248, word)
            case 0 {
                mstore(0x00, from)
                mstore(0x20, _balances.slot)
                let slot := keccak256(0x00, 0x40)
                fromBalance := sload(slot)
                switch lt(fromBalance, value)
                case 0 {
                    sstore(slot, sub(fromBalance, value))
                    // value <= fromBalance <= supply; the reserve grows by what the supply loses, so
                    // their sum, which the cap bounds, stays the same.
                    sstore(_supply.slot, add(sub(word, value), shl(_RESERVE_SHIFT, value)))
                    mstore(0x00, value)
                    log3(0x00, 0x20, _TRANSFER_EVENT, from, 0)
                }
                default { status := 2 }
            }
            default { status := 1 }
        }
        if (status == 1) revert EnforcedPause();
        if (status == 2) revert ERC20InsufficientBalance(from, fromBalance, value);
    }

    /// @dev Gives `to` back `value` points from the refund reserve. The caller has checked that its
    /// burner may refund them, so the reserve holds them; supply plus reserve stays the same, so no
    /// cap can refuse a refund.
    function _refundFromReserve(address to, uint256 value) internal override {
        uint256 status; // 0 ok, 1 bad receiver, 2 paused
        assembly ("memory-safe") {
            let word := sload(_supply.slot)
            switch or(iszero(to), eq(to, address()))
            case 0 {
                switch shr(248, word)
                case 0 {
                    sstore(_supply.slot, sub(add(word, value), shl(_RESERVE_SHIFT, value)))
                    mstore(0x00, to)
                    mstore(0x20, _balances.slot)
                    let slot := keccak256(0x00, 0x40)
                    sstore(slot, add(sload(slot), value)) // at most the supply: no overflow
                    mstore(0x00, value)
                    log3(0x00, 0x20, _TRANSFER_EVENT, 0, to)
                }
                default { status := 2 }
            }
            default { status := 1 }
        }
        if (status == 1) revert ERC20InvalidReceiver(to);
        if (status == 2) revert EnforcedPause();
    }

    /// @dev Takes `value` out of the refund reserve for good; the caller has checked that its
    /// burner holds them there.
    function _finalizeFromReserve(uint256 value) internal override {
        unchecked {
            _supply = _supply - (value << _RESERVE_SHIFT);
        }
    }
}
