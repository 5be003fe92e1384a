// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IStatusPoints} from "./interfaces/IStatusPoints.sol";

/// @title StatusPoints
/// @notice A program's non-transferable status points over a rolling window, and its tiers.
/// @dev Each account's status points live in a shift register of 14 buckets of 32 bits across two
/// slots: word 0 holds the newest bucket's index + 1 (0: empty) in bits 0-31 and buckets 0-6 in
/// bits 32-255, word 1 buckets 7-13 in bits 0-223; bucket p is the amount earned in bucket index
/// `last - p`. Earning shifts the register to the current bucket, so old buckets fall off; reading
/// sums the buckets inside the window. A tier check (earning rules read it on every purchase) is
/// two storage reads.
contract StatusPoints is IStatusPoints, AccessControlDefaultAdminRules {
    /// @notice What a deployment decides.
    struct Config {
        string name;
        string symbol;
        uint256 bucketSeconds;
        uint256 windowBuckets;
        address admin;
        uint48 adminDelay;
        /// @dev Earning rules contracts that issue status points.
        address[] issuers;
        /// @dev The points token's ERC-2771 forwarder, which may hold no role here either.
        address forwarder;
        uint256[] thresholds;
        string[] tierNames;
    }

    /// @dev An account's register, unpacked.
    struct Register {
        uint256 last;
        bool empty;
        uint256[14] amounts;
    }

    uint256 public constant MAX_BUCKETS = 14;
    uint256 public constant MAX_TIERS = 4;
    uint256 private constant _BUCKET_MAX = type(uint32).max;
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    uint256 public immutable bucketSeconds;
    uint256 public immutable windowBuckets;
    address private immutable _forwarder;
    string private _name;
    string private _symbol;
    mapping(address account => uint256[2] words) private _registers;
    mapping(uint256 bucket => uint256 points) private _totalByBucket;
    uint256[] private _thresholds;
    string[] private _tierNames;

    constructor(Config memory config) AccessControlDefaultAdminRules(config.adminDelay, config.admin) {
        if (config.windowBuckets == 0 || config.windowBuckets > MAX_BUCKETS || config.bucketSeconds == 0) {
            revert InvalidWindow(config.windowBuckets, config.bucketSeconds, MAX_BUCKETS);
        }
        (bucketSeconds, windowBuckets, _forwarder) = (config.bucketSeconds, config.windowBuckets, config.forwarder);
        (_name, _symbol) = (config.name, config.symbol);
        for (uint256 i; i < config.issuers.length; ++i) {
            _grantRole(ISSUER_ROLE, config.issuers[i]);
        }
        _setTiers(config.thresholds, config.tierNames);
    }

    // ------------------------------------------------------------------ ERC-20 reads

    function name() external view returns (string memory) {
        return _name;
    }

    function symbol() external view returns (string memory) {
        return _symbol;
    }

    function decimals() external pure returns (uint8) {
        return 0;
    }

    /// @inheritdoc IStatusPoints
    function balanceOf(address account) public view returns (uint256) {
        return _sum(_load(account), block.timestamp / bucketSeconds);
    }

    /// @inheritdoc IStatusPoints
    function balanceAt(address account, uint256 time) external view returns (uint256) {
        return _sum(_load(account), time / bucketSeconds);
    }

    /// @inheritdoc IStatusPoints
    function totalSupply() external view returns (uint256 total) {
        uint256 current = block.timestamp / bucketSeconds;
        for (uint256 i; i < windowBuckets && i <= current; ++i) {
            total += _totalByBucket[current - i];
        }
    }

    /// @inheritdoc IStatusPoints
    function allowance(address, address) external pure returns (uint256) {
        return 0;
    }

    // ------------------------------------------------------------- not transferable

    /// @inheritdoc IStatusPoints
    function transfer(address, uint256) external pure returns (bool) {
        revert StatusPointsNotTransferable();
    }

    /// @inheritdoc IStatusPoints
    function transferFrom(address, address, uint256) external pure returns (bool) {
        revert StatusPointsNotTransferable();
    }

    /// @inheritdoc IStatusPoints
    function approve(address, uint256) external pure returns (bool) {
        revert StatusPointsNotTransferable();
    }

    // ------------------------------------------------------------------ tiers

    /// @inheritdoc IStatusPoints
    function tierOf(address account) external view returns (uint256 tier) {
        uint256 balance = balanceOf(account);
        while (tier < _thresholds.length && balance >= _thresholds[tier]) ++tier;
    }

    /// @inheritdoc IStatusPoints
    function tiers() external view returns (uint256[] memory, string[] memory) {
        return (_thresholds, _tierNames);
    }

    /// @inheritdoc IStatusPoints
    function setTiers(uint256[] calldata thresholds, string[] calldata names) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTiers(thresholds, names);
    }

    // ------------------------------------------------------------------ earning

    /// @inheritdoc IStatusPoints
    function issue(address account, uint256 amount, bytes32 ref) external onlyRole(ISSUER_ROLE) {
        if (amount == 0) return;
        uint256 current = block.timestamp / bucketSeconds;
        Register memory reg = _load(account);
        _advance(reg, current);
        // A bucket holds up to 2^32 - 1 for one account: past that the status points saturate
        // rather than refuse, so that no purchase is ever refused for its status points.
        uint256 held = reg.amounts[0];
        if (amount > _BUCKET_MAX - held) amount = _BUCKET_MAX - held;
        if (amount == 0) return;
        reg.amounts[0] = held + amount;
        _store(account, reg);
        _totalByBucket[current] += amount;
        emit Transfer(address(0), account, amount);
        emit StatusIssued(msg.sender, account, amount, ref);
    }

    /// @inheritdoc IStatusPoints
    function reverse(address account, uint256 amount, uint256 earnedAt, bytes32 ref)
        external
        onlyRole(ISSUER_ROLE)
        returns (uint256 taken)
    {
        uint256 bucket = earnedAt / bucketSeconds;
        uint256 current = block.timestamp / bucketSeconds;
        Register memory reg = _load(account);
        // Nothing to take once the bucket has aged out of the window (or was never there).
        if (reg.empty || bucket > reg.last || bucket + windowBuckets <= current) return 0;
        uint256 p = reg.last - bucket;
        if (p >= MAX_BUCKETS) return 0;
        taken = amount < reg.amounts[p] ? amount : reg.amounts[p];
        if (taken == 0) return 0;
        reg.amounts[p] -= taken;
        _store(account, reg);
        _totalByBucket[bucket] -= taken;
        emit Transfer(account, address(0), taken);
        emit StatusReversed(msg.sender, account, taken, ref);
    }

    /// @notice ERC-165: also IStatusPoints, so the SDK can tell a program's status points apart.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IStatusPoints).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    function _setTiers(uint256[] memory thresholds, string[] memory names) private {
        if (thresholds.length > MAX_TIERS) revert TooManyTiers(thresholds.length, MAX_TIERS);
        if (names.length != thresholds.length + 1) revert TierNamesMismatch(thresholds.length, names.length);
        for (uint256 i; i < thresholds.length; ++i) {
            uint256 previous = i == 0 ? 0 : thresholds[i - 1];
            if (thresholds[i] <= previous) revert TiersNotAscending(i, thresholds[i], previous);
        }
        _thresholds = thresholds;
        delete _tierNames;
        for (uint256 i; i < names.length; ++i) {
            _tierNames.push(names[i]);
        }
        emit TiersSet(thresholds, names);
    }

    function _load(address account) private view returns (Register memory reg) {
        uint256[2] storage words = _registers[account];
        (uint256 w0, uint256 w1) = (words[0], words[1]);
        uint256 head = w0 & 0xffffffff;
        reg.empty = head == 0;
        if (reg.empty) return reg;
        reg.last = head - 1;
        for (uint256 i; i < 7; ++i) {
            reg.amounts[i] = (w0 >> (32 + 32 * i)) & 0xffffffff;
            reg.amounts[7 + i] = (w1 >> (32 * i)) & 0xffffffff;
        }
    }

    function _store(address account, Register memory reg) private {
        uint256 w0 = reg.last + 1;
        uint256 w1;
        for (uint256 i; i < 7; ++i) {
            w0 |= reg.amounts[i] << (32 + 32 * i);
            w1 |= reg.amounts[7 + i] << (32 * i);
        }
        _registers[account] = [w0, w1];
    }

    /// @dev Moves the register to bucket `current`: each bucket shifts by the buckets that passed.
    function _advance(Register memory reg, uint256 current) private pure {
        if (reg.empty) {
            (reg.empty, reg.last) = (false, current);
            return;
        }
        if (current <= reg.last) return;
        uint256 d = current - reg.last;
        for (uint256 p = MAX_BUCKETS; p > 0; --p) {
            reg.amounts[p - 1] = p - 1 >= d ? reg.amounts[p - 1 - d] : 0;
        }
        reg.last = current;
    }

    /// @dev The amounts of the buckets in the window that ends with bucket `bucket`.
    function _sum(Register memory reg, uint256 bucket) private view returns (uint256 total) {
        if (reg.empty) return 0;
        for (uint256 p; p < MAX_BUCKETS && p <= reg.last; ++p) {
            uint256 b = reg.last - p;
            if (b <= bucket && b + windowBuckets > bucket) total += reg.amounts[p];
        }
    }

    /// @dev No role for the points token's forwarder (through it, anyone could use the role).
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (account == _forwarder && account != address(0)) revert RoleForForwarder(role, account);
        return super._grantRole(role, account);
    }
}
