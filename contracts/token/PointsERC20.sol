// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IPointsLedger} from "../interfaces/IPointsLedger.sol";
import {CustomerContext} from "../metatx/CustomerContext.sol";

/// @title PointsERC20
/// @notice The ledger of the points token: ERC-20 balances and allowances with 0 decimals, ERC-2612
/// permit, and the pause flag. Issuance policy (roles, quotas, references) lives in PointsToken.
/// @dev Written for gas, with OpenZeppelin's errors and events so that wallets and tools see a
/// standard token:
/// - the total supply and the pause flag share one slot, so a mint or burn reads both at once and a
///   transfer reads the flag for the cost of one cold slot;
/// - balances are at most the total supply, which fits 248 bits, so adding to one cannot overflow;
/// - a batch mint writes the supply once, however many recipients it credits.
/// Transfers and approvals act for `_customer()`: the caller, or the signer of a request the
/// trusted forwarder relays, so a customer with no native coin can use a relayer.
abstract contract PointsERC20 is IPointsLedger, EIP712, Nonces, CustomerContext {
    /// @dev One slot.
    struct Supply {
        uint248 total;
        bool paused;
    }

    /// @dev keccak256("Transfer(address,address,uint256)"), for the logs written in assembly.
    uint256 private constant _TRANSFER_EVENT = 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef;
    uint256 private constant _TOTAL_MASK = (1 << 248) - 1;

    bytes32 private constant _PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    Supply private _supply;
    mapping(address account => uint256 points) private _balances;
    mapping(address owner => mapping(address spender => uint256 points)) private _allowances;
    string private _name;
    string private _symbol;

    constructor(string memory name_, string memory symbol_, address forwarder)
        EIP712(name_, "1")
        CustomerContext(forwarder)
    {
        _name = name_;
        _symbol = symbol_;
    }

    // ------------------------------------------------------------------ ERC-20

    function name() external view returns (string memory) {
        return _name;
    }

    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @notice Points are whole: one point is one unit.
    function decimals() external pure returns (uint8) {
        return 0;
    }

    function totalSupply() public view returns (uint256 total) {
        (total,) = _supplyState();
    }

    function balanceOf(address account) external view returns (uint256) {
        return _balances[account];
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @inheritdoc IPointsLedger
    function paused() public view returns (bool isPaused) {
        (, isPaused) = _supplyState();
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

    function approve(address spender, uint256 value) external returns (bool) {
        _approve(_customer(), spender, value);
        return true;
    }

    // ------------------------------------------------------------------ ERC-2612

    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        bytes32 structHash = keccak256(abi.encode(_PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline));
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approve(owner, spender, value);
    }

    function nonces(address owner) public view virtual override(IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---------------------------------------------------------------- internals

    /// @dev The most points the ledger can hold; a cap, where set, is lower.
    uint256 internal constant _MAX_SUPPLY = type(uint248).max;

    function _setPaused(bool value) internal {
        _supply.paused = value;
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
            // One branch for both checks keeps the path that succeeds short.
            let isPaused := shr(248, sload(_supply.slot))
            if or(isPaused, iszero(to)) {
                if isPaused {
                    mstore(0x00, 0xd93c0665) // EnforcedPause()
                    revert(0x1c, 0x04)
                }
                mstore(0x00, 0xec442f05) // ERC20InvalidReceiver(address(0))
                mstore(0x20, 0)
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

    /// @dev The total supply and the pause flag, in one read.
    function _supplyState() private view returns (uint256 total, bool isPaused) {
        assembly ("memory-safe") {
            let packed := sload(_supply.slot)
            total := and(packed, _TOTAL_MASK)
            isPaused := shr(248, packed)
        }
    }

    /// @dev Writes the total supply of an unpaused token (the pause flag stays clear).
    function _storeUnpausedSupply(uint256 total) private {
        assembly ("memory-safe") {
            sstore(_supply.slot, total)
        }
    }

    /// @dev Credits `value` to `to`, keeping the supply at most `limit` (<= _MAX_SUPPLY).
    function _mint(address to, uint256 value, uint256 limit) internal {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        // One block, as in _mintBatch: the supply read once, checked against the pause flag and the
        // limit, written once, then the balance and the log.
        uint256 status; // 0 ok, 1 paused, 2 over the limit
        uint256 supply;
        assembly ("memory-safe") {
            supply := sload(_supply.slot)
            switch shr(248, supply)
            case 0 {
                switch or(iszero(lt(supply, limit)), gt(value, sub(limit, supply)))
                case 0 {
                    sstore(_supply.slot, add(supply, value)) // paused is clear: the word is the total
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
        if (status == 2) revert SupplyCapExceeded(limit, supply, value);
    }

    /// @dev Credits `values[i]` to `recipients[i]` for every i, writing the supply once and keeping
    /// it at most `limit`. Reverts with the index of a zero recipient or a zero value.
    function _mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit)
        internal
        returns (uint256 total)
    {
        // One block: the supply read and written once, about 150 gas per recipient beyond its
        // storage write and log. It stops at the first failure and says which in `status`, so the
        // path that succeeds takes one branch after it.
        uint256 status; // 0 ok, 1 paused, 2 bad entry at `bad`, 3 over the limit, 4 the sum overflows
        uint256 bad;
        uint256 supply;
        assembly ("memory-safe") {
            supply := sload(_supply.slot)
            switch shr(248, supply)
            case 0 {
                mstore(0x20, _balances.slot)
                let n := recipients.length
                for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                    let to := calldataload(add(recipients.offset, shl(5, i)))
                    let value := calldataload(add(values.offset, shl(5, i)))
                    // A dirty address is malformed calldata: revert as the ABI decoder would.
                    if shr(160, to) { revert(0, 0) }
                    if or(iszero(to), iszero(value)) {
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
                    let newSupply := add(supply, total)
                    switch or(lt(newSupply, supply), gt(newSupply, limit))
                    case 0 { sstore(_supply.slot, newSupply) } // paused is clear: the word is the total
                    default { status := 3 }
                }
            }
            default { status := 1 }
        }
        if (status != 0) _revertBatch(status, bad, recipients, supply, total, limit);
    }

    function _revertBatch(
        uint256 status,
        uint256 bad,
        address[] calldata recipients,
        uint256 supply,
        uint256 total,
        uint256 limit
    ) private pure {
        if (status == 1) revert EnforcedPause();
        if (status == 2) {
            if (recipients[bad] == address(0)) revert BatchZeroRecipient(bad);
            revert BatchZeroAmount(bad);
        }
        revert SupplyCapExceeded(limit, supply, status == 4 ? type(uint256).max : total);
    }

    /// @dev Takes `value` from `from` and from the supply.
    function _burn(address from, uint256 value) internal {
        (uint256 supply, bool isPaused) = _supplyState();
        if (isPaused) revert EnforcedPause();
        uint256 fromBalance = _balances[from];
        if (fromBalance < value) revert ERC20InsufficientBalance(from, fromBalance, value);
        unchecked {
            _balances[from] = fromBalance - value;
            _storeUnpausedSupply(supply - value); // value <= balance <= supply
        }
        emit Transfer(from, address(0), value);
    }

    function _approve(address owner, address spender, uint256 value) private {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _spendAllowance(address owner, address spender, uint256 value) private {
        uint256 current = _allowances[owner][spender];
        if (current == type(uint256).max) return; // an unlimited approval stays unlimited
        if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
        unchecked {
            _allowances[owner][spender] = current - value;
        }
    }
}
