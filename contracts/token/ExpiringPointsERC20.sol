// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC7818} from "../interfaces/IERC7818.sol";
import {IExpiringPointsLedger} from "../interfaces/IExpiringPointsLedger.sol";
import {IPointsLedger} from "../interfaces/IPointsLedger.sol";
import {LedgerBase} from "./LedgerBase.sol";

/// @title ExpiringPointsERC20
/// @notice A ledger whose points expire (ERC-7818): points issued in epoch e (of `epochLength`
/// seconds) expire when epoch e + `validityDuration` begins. Expiry is lazy: `balanceOf` and
/// `totalSupply` count only unexpired points, and nothing needs to run when points expire.
/// Transfers and burns spend the soonest-expiring points first; received points keep their expiry;
/// points given back by a refund count as the current epoch's (see `_refundFromReserve`).
/// @dev Every unexpired epoch of an account fits one slot, so a transfer touches the same slots as
/// the plain ledger's: bits 0-215 hold four buckets of 54 bits, bucket p holding the points of
/// epoch `newest - p`, and bits 216-247 the epoch `newest`. The supply word has the same layout
/// for the whole supply, with the pause flag in bits 248-255. Reading a word "aligns" it to the
/// current epoch: the buckets shift up by the epochs that passed, and those that fall past the
/// validity drop, which is how points expire. The refund reserve has its own slot. A bucket never
/// exceeds the supply, which is at most 2^54 - 1, so adding to one never carries into the next.
/// ExpiringLedgerTwin (contracts/test) is the same ledger in plain Solidity, and
/// ExpiringEquivalence.t.sol fuzzes the two against each other.
abstract contract ExpiringPointsERC20 is LedgerBase, IExpiringPointsLedger {
    uint256 public constant MAX_VALIDITY = 4;
    uint256 private constant _BITS = 54;
    uint256 private constant _BUCKET = (1 << 54) - 1;
    uint256 private constant _BUCKETS_MASK = (1 << 216) - 1;
    uint256 private constant _EPOCH_SHIFT = 216;
    uint256 private constant _PAUSE_SHIFT = 248;
    /// @dev keccak256("Transfer(address,address,uint256)"), for the logs written in assembly.
    uint256 private constant _TRANSFER_EVENT = 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef;

    uint256 private immutable _epochSeconds;
    uint256 private immutable _validity;
    /// @dev The buckets a word may hold: the low `validity` x 54 bits.
    uint256 private immutable _liveMask;
    uint256 public immutable epochOrigin;

    uint256 private _supply;
    uint256 private _reserve;
    mapping(address account => uint256 word) private _balances;

    constructor(string memory name_, string memory symbol_, address forwarder, uint256 epochSeconds, uint256 validityEpochs)
        LedgerBase(name_, symbol_, forwarder)
    {
        if (epochSeconds == 0 || epochSeconds > type(uint32).max || validityEpochs == 0 || validityEpochs > MAX_VALIDITY) {
            revert InvalidExpiryPolicy(epochSeconds, validityEpochs, MAX_VALIDITY);
        }
        (_epochSeconds, _validity, _liveMask, epochOrigin) =
            (epochSeconds, validityEpochs, (1 << (_BITS * validityEpochs)) - 1, block.timestamp);
    }

    /// @notice An expiry of `validityEpochs` epochs of `epochSeconds` seconds is not possible (1 to
    /// `max` epochs, and an epoch of 1 second to 2^32 - 1).
    error InvalidExpiryPolicy(uint256 epochSeconds, uint256 validityEpochs, uint256 max);

    // ------------------------------------------------------------------ ERC-20

    function totalSupply() public view returns (uint256) {
        return _sum(_align(_supply));
    }

    function balanceOf(address account) external view returns (uint256) {
        return _sum(_align(_balances[account]));
    }

    /// @inheritdoc IPointsLedger
    function paused() public view virtual override returns (bool) {
        return _supply >> _PAUSE_SHIFT != 0;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(_customer(), to, value, type(uint256).max);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _spendAllowance(from, _customer(), value);
        _transfer(from, to, value, type(uint256).max);
        return true;
    }

    // ------------------------------------------------------------------ ERC-7818

    /// @inheritdoc IERC7818
    function transferAtEpoch(uint256 epoch, address to, uint256 value) external returns (bool) {
        _transfer(_customer(), to, value, _positionOf(_customer(), epoch));
        return true;
    }

    /// @inheritdoc IERC7818
    function transferFromAtEpoch(uint256 epoch, address from, address to, uint256 value) external returns (bool) {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        uint256 position = _positionOf(from, epoch);
        _spendAllowance(from, _customer(), value);
        _transfer(from, to, value, position);
        return true;
    }

    /// @inheritdoc IERC7818
    function balanceOfAtEpoch(uint256 epoch, address account) external view returns (uint256) {
        uint256 current = currentEpoch();
        if (epoch > current || current - epoch >= _validity) return 0;
        return (_align(_balances[account]) >> (_BITS * (current - epoch))) & _BUCKET;
    }

    /// @inheritdoc IERC7818
    function currentEpoch() public view returns (uint256) {
        return (block.timestamp - epochOrigin) / _epochSeconds;
    }

    /// @inheritdoc IERC7818
    function epochLength() external view returns (uint256) {
        return _epochSeconds;
    }

    /// @inheritdoc IERC7818
    function epochType() external pure returns (EPOCH_TYPE) {
        return EPOCH_TYPE.TIME_BASED;
    }

    /// @inheritdoc IERC7818
    function validityDuration() external view returns (uint256) {
        return _validity;
    }

    /// @inheritdoc IERC7818
    function isEpochExpired(uint256 epoch) external view returns (bool) {
        return epoch + _validity <= currentEpoch();
    }

    /// @inheritdoc IExpiringPointsLedger
    function getNearestExpiryOf(address account) external view returns (uint256 value, uint256 expiresAt) {
        uint256 word = _align(_balances[account]);
        uint256 current = currentEpoch();
        for (uint256 p = _validity; p > 0; --p) {
            value = (word >> (_BITS * (p - 1))) & _BUCKET;
            if (value != 0) return (value, epochOrigin + (current - (p - 1) + _validity) * _epochSeconds);
        }
        return (0, 0);
    }

    /// @inheritdoc IExpiringPointsLedger
    function getEpochInfo(uint256 epoch) external view returns (uint256 start, uint256 end) {
        start = epochOrigin + epoch * _epochSeconds;
        end = start + _epochSeconds;
    }

    /// @inheritdoc IExpiringPointsLedger
    function epochSupply(uint256 epoch) external view returns (uint256) {
        uint256 current = currentEpoch();
        if (epoch > current || current - epoch >= _validity) return 0;
        return (_align(_supply) >> (_BITS * (current - epoch))) & _BUCKET;
    }

    // ---------------------------------------------------------------- internals

    function _maxSupply() internal pure override returns (uint256) {
        return _BUCKET;
    }

    function _setPaused(bool value) internal override {
        _supply = (_supply & ((1 << _PAUSE_SHIFT) - 1)) | (value ? 1 << _PAUSE_SHIFT : 0);
    }

    function _refundReserve() internal view override returns (uint256) {
        return _reserve;
    }

    /// @dev The bucket position of `epoch` now; reverts if its points have expired.
    function _positionOf(address sender, uint256 epoch) private view returns (uint256) {
        uint256 current = currentEpoch();
        if (epoch > current || current - epoch >= _validity) revert ERC7818TransferredExpiredToken(sender, epoch);
        return current - epoch;
    }

    /// @dev Moves `value` from `from` to `to`, soonest-expiring first, or only from bucket
    /// `position` (an epoch, for transferAtEpoch; type(uint256).max: any). Each moved point keeps
    /// its epoch. One block, as the plain ledger's transfer: the pause flag read, each balance slot
    /// hashed, read and written once, the log written directly.
    function _transfer(address from, address to, uint256 value, uint256 position) private {
        uint256 current = currentEpoch();
        uint256 validity = _validity;
        uint256 status; // 0 ok, 1 paused, 2 bad receiver, 3 short of points (`held` is what there was)
        assembly ("memory-safe") {
            let isPaused := shr(_PAUSE_SHIFT, sload(_supply.slot))
            switch or(or(isPaused, iszero(to)), eq(to, address()))
            case 0 {
                mstore(0x00, from)
                mstore(0x20, _balances.slot)
                let fromSlot := keccak256(0x00, 0x40)
                let fromWord := _alignWord(sload(fromSlot), current, validity)
                let moved, remaining := _spendWord(fromWord, value, position, validity)
                switch remaining
                case 0 {
                    sstore(fromSlot, sub(fromWord, moved))
                    mstore(0x00, to)
                    let toSlot := keccak256(0x00, 0x40)
                    sstore(toSlot, add(_alignWord(sload(toSlot), current, validity), moved))
                    mstore(0x00, value)
                    log3(0x00, 0x20, _TRANSFER_EVENT, from, to)
                }
                default {
                    // Every bucket it may spend was emptied: the shortfall says what it holds.
                    status := 3
                    current := sub(value, remaining)
                }
            }
            default {
                status := 2
                if isPaused { status := 1 }
            }

            /// The word moved to epoch `cur`: buckets shift up by the epochs that passed and those
            /// past the validity `v` drop (expire). Keeps the bits above the epoch (the pause flag).
            function _alignWord(word, cur, v) -> aligned {
                let newest := and(shr(_EPOCH_SHIFT, word), 0xffffffff)
                let buckets := and(word, _BUCKETS_MASK)
                if gt(cur, newest) {
                    let d := sub(cur, newest)
                    switch lt(d, v)
                    case 1 { buckets := and(shl(mul(d, _BITS), buckets), sub(shl(mul(v, _BITS), 1), 1)) }
                    default { buckets := 0 }
                }
                aligned := or(or(buckets, shl(_EPOCH_SHIFT, cur)), shl(_PAUSE_SHIFT, shr(_PAUSE_SHIFT, word)))
            }

            /// What `val` takes from `word`'s buckets, oldest first (or from bucket `pos` only, when
            /// it is below `v`), packed as the word is, and what it could not take.
            function _spendWord(word, val, pos, v) -> moved, remaining {
                remaining := val
                let p := v
                let last := 0
                if lt(pos, v) {
                    p := add(pos, 1)
                    last := pos
                }
                for {} gt(p, last) {} {
                    p := sub(p, 1)
                    let shift := mul(p, _BITS)
                    let take := and(shr(shift, word), _BUCKET)
                    if gt(take, remaining) { take := remaining }
                    moved := or(moved, shl(shift, take))
                    remaining := sub(remaining, take)
                    if iszero(remaining) { break }
                }
            }
        }
        if (status == 1) revert EnforcedPause();
        if (status == 2) revert ERC20InvalidReceiver(to);
        if (status == 3) revert ERC20InsufficientBalance(from, current, value);
    }

    /// @dev `word` aligned to the current epoch (see the contract's notes).
    function _align(uint256 word) private view returns (uint256) {
        return _alignTo(word, currentEpoch());
    }

    /// @dev As `_alignWord` in `_transfer`'s block, for the paths written in Solidity.
    function _alignTo(uint256 word, uint256 current) private view returns (uint256 aligned) {
        uint256 validity = _validity;
        uint256 liveMask = _liveMask;
        assembly ("memory-safe") {
            let newest := and(shr(_EPOCH_SHIFT, word), 0xffffffff)
            let buckets := and(word, _BUCKETS_MASK)
            if gt(current, newest) {
                let d := sub(current, newest)
                switch lt(d, validity)
                case 1 { buckets := and(shl(mul(d, _BITS), buckets), liveMask) }
                default { buckets := 0 }
            }
            aligned := or(or(buckets, shl(_EPOCH_SHIFT, current)), shl(_PAUSE_SHIFT, shr(_PAUSE_SHIFT, word)))
        }
    }

    /// @dev The four buckets of a word, added (each < 2^54: no overflow).
    function _sum(uint256 word) private pure returns (uint256 total) {
        assembly ("memory-safe") {
            total := add(add(and(word, _BUCKET), and(shr(_BITS, word), _BUCKET)),
                add(and(shr(108, word), _BUCKET), and(shr(162, word), _BUCKET)))
        }
    }

    function _checkReceiver(address to) private view {
        if (to == address(0) || to == address(this)) revert ERC20InvalidReceiver(to);
    }

    /// @dev The supply word aligned to `current`, after the pause check and the cap check for
    /// `value` more: the supply plus the refund reserve stays within `limit` (<= 2^54 - 1), since a
    /// refund adds the reserve back to the supply's current bucket.
    function _supplyForMint(uint256 value, uint256 limit, uint256 current) private view returns (uint256 word) {
        word = _alignTo(_supply, current);
        if (word >> _PAUSE_SHIFT != 0) revert EnforcedPause();
        uint256 total = _sum(word);
        uint256 reserve = _reserve;
        if (total + reserve > limit || value > limit - total - reserve) {
            revert SupplyCapExceeded(limit, total, reserve, value);
        }
    }

    /// @inheritdoc LedgerBase
    function _mint(address to, uint256 value, uint256 limit) internal override {
        _checkReceiver(to);
        uint256 current = currentEpoch();
        uint256 word = _supplyForMint(value, limit, current);
        unchecked {
            _supply = word + value; // into bucket 0: the sum stays within 2^54 - 1
            _balances[to] = _alignTo(_balances[to], current) + value;
        }
        emit Transfer(address(0), to, value);
    }

    /// @inheritdoc LedgerBase
    function _mintBatch(address[] calldata recipients, uint256[] calldata values, uint256 limit)
        internal
        override
        returns (uint256 total)
    {
        uint256 current = currentEpoch();
        for (uint256 i; i < recipients.length; ++i) {
            address to = recipients[i];
            uint256 value = values[i];
            if (to == address(0) || to == address(this)) revert BatchInvalidRecipient(i, to);
            if (value == 0) revert BatchZeroAmount(i);
            if (value > _BUCKET) revert SupplyCapExceeded(limit, totalSupply(), _reserve, value);
            total += value;
            if (total > _BUCKET) revert SupplyCapExceeded(limit, totalSupply(), _reserve, total);
            unchecked {
                _balances[to] = _alignTo(_balances[to], current) + value;
            }
            emit Transfer(address(0), to, value);
        }
        _supply = _supplyForMint(total, limit, current) + total;
    }

    /// @inheritdoc LedgerBase
    function _burnToReserve(address from, uint256 value) internal override {
        uint256 current = currentEpoch();
        uint256 supplyWord = _alignTo(_supply, current);
        if (supplyWord >> _PAUSE_SHIFT != 0) revert EnforcedPause();
        uint256 word = _alignTo(_balances[from], current);
        (uint256 moved, uint256 remaining) = _spend(word, value);
        if (remaining != 0) revert ERC20InsufficientBalance(from, _sum(word), value);
        unchecked {
            _balances[from] = word - moved;
            _supply = supplyWord - moved; // each bucket of the supply holds at least the account's
            _reserve += value;
        }
        emit Transfer(from, address(0), value);
    }

    /// @dev Points given back by a refund count as the current epoch's: the mall does not record
    /// which epochs an order spent (its order is one slot), and a cancel is the merchant's decision.
    function _refundFromReserve(address to, uint256 value) internal override {
        _checkReceiver(to);
        uint256 current = currentEpoch();
        uint256 supplyWord = _alignTo(_supply, current);
        if (supplyWord >> _PAUSE_SHIFT != 0) revert EnforcedPause();
        unchecked {
            _supply = supplyWord + value; // value <= reserve: the supply plus reserve is unchanged
            _balances[to] = _alignTo(_balances[to], current) + value;
            _reserve -= value;
        }
        emit Transfer(address(0), to, value);
    }

    /// @inheritdoc LedgerBase
    function _finalizeFromReserve(uint256 value) internal override {
        unchecked {
            _reserve -= value;
        }
    }

    /// @dev The buckets `value` takes from `word`, oldest first, and what it could not take.
    function _spend(uint256 word, uint256 value) private view returns (uint256 moved, uint256 remaining) {
        remaining = value;
        for (uint256 p = _validity; p > 0 && remaining != 0; --p) {
            uint256 shift = _BITS * (p - 1);
            uint256 b = (word >> shift) & _BUCKET;
            uint256 take = b < remaining ? b : remaining;
            moved |= take << shift;
            remaining -= take;
        }
    }
}
