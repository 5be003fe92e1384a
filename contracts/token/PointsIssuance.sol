// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPointsToken} from "../interfaces/IPointsToken.sol";
import {LedgerBase} from "./LedgerBase.sol";

/// @title PointsIssuance
/// @notice The issuance policy of the points token, over either ledger (LedgerBase): issuers with
/// quotas, batches, vouchers, the supply cap, burns and refunds by burners, pause, and a two-step
/// delayed admin. PointsToken puts it over PointsERC20 (points that never expire),
/// ExpiringPointsToken over ExpiringPointsERC20.
/// @dev The constructor grants every role it is given, so a deployment leaves no role on the
/// deployer unless it is named. Refunds are bounded by what each burner burned, so even a
/// compromised redemption module cannot inflate the supply.
///
/// AccessControl records who holds which role. For the two roles on hot paths, the role is
/// mirrored into the slot its call reads anyway: an issuer's flag sits with its quota, a burner's
/// with its refundable points, so `issue` and `burn` check the role and the amount in one read.
abstract contract PointsIssuance is IPointsToken, LedgerBase, AccessControlDefaultAdminRules {
    /// @notice An issuer and the points it may issue, granted at deployment.
    struct IssuerGrant {
        address account;
        uint256 quota;
    }

    /// @notice Everything a deployment decides.
    struct Config {
        string name;
        string symbol;
        /// @dev 0: no cap.
        uint256 supplyCap;
        /// @dev The default admin (a multisig, in production) and the delay of its hand-over.
        address admin;
        uint48 adminDelay;
        IssuerGrant[] issuers;
        address[] burners;
        address[] pausers;
        /// @dev The ERC-2771 forwarder that may relay customers' transfers and approvals; 0: none.
        address trustedForwarder;
        /// @dev Expiry (ExpiringPointsToken only; 0 and 0 for PointsToken): points issued in an epoch
        /// of `epochSeconds` expire `validityEpochs` epochs later.
        uint256 epochSeconds;
        uint256 validityEpochs;
    }

    /// @dev One slot: whether the account holds the role (ISSUER_ROLE or BURNER_ROLE), and the
    /// points that go with it (an issuer's remaining quota, a burner's refundable points).
    struct RoleAmount {
        bool active;
        uint248 amount;
    }

    uint256 private constant _MAX_SYMBOL_LENGTH = 11;
    /// @dev Topics of the logs written in assembly: keccak256 of their signatures.
    uint256 private constant _ISSUED_EVENT = 0x98ed0c917d670d1ace6af4fdcdcb02f030b47356ff81dffb145c79cbabb6ad7c;
    uint256 private constant _BURNED_EVENT = 0x48977aac0b960a545fa87c55456220f79843e875d804c9b7a2f23072420e1156;
    uint256 private constant _BATCH_ISSUED_EVENT = 0x97cbc1b6330f5b722a79d85d5f0e4c5e4d1e9a053f2b7e0f72632f17b038e807;
    uint256 private constant _REFUNDED_EVENT = 0xe9b6f9768b7ccc9699eeeeea17df56d02066564351803700051b42cfaefb1b19;

    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    bytes32 public constant BURNER_ROLE = keccak256("BURNER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    bytes32 private constant _VOUCHER_TYPEHASH = keccak256(
        "Voucher(address recipient,uint256 amount,bytes32 ref,uint256 expiry,uint256 id,uint256 generation)"
    );

    uint256 public immutable supplyCap;
    uint256 private immutable _issueLimit;

    mapping(address account => RoleAmount) private _issuers;
    mapping(address account => RoleAmount) private _burners;
    /// @dev Per issuer: a reference derived from a file's content is predictable, so a global
    /// namespace would let one issuer take another's batch reference first.
    mapping(address issuer => mapping(bytes32 batchRef => bool issued)) public batchIssued;
    /// @dev 256 voucher ids a slot: an issuer numbering its vouchers 0, 1, 2… pays for a new slot
    /// once every 256 claims.
    mapping(address issuer => mapping(uint256 word => uint256 bits)) private _claimedVouchers;
    mapping(address issuer => uint256 revocations) public issuerGeneration;

    constructor(Config memory config) AccessControlDefaultAdminRules(config.adminDelay, config.admin) {
        uint256 symbolLength = bytes(config.symbol).length;
        if (symbolLength == 0 || symbolLength > _MAX_SYMBOL_LENGTH) {
            revert SymbolLengthInvalid(symbolLength, _MAX_SYMBOL_LENGTH);
        }
        if (config.supplyCap > _maxSupply()) revert CapTooLarge(config.supplyCap, _maxSupply());
        supplyCap = config.supplyCap;
        _issueLimit = config.supplyCap == 0 ? _maxSupply() : config.supplyCap;
        for (uint256 i; i < config.issuers.length; ++i) {
            IssuerGrant memory grant = config.issuers[i];
            _grantRole(ISSUER_ROLE, grant.account);
            _setQuota(grant.account, grant.quota);
        }
        for (uint256 i; i < config.burners.length; ++i) {
            _grantRole(BURNER_ROLE, config.burners[i]);
        }
        for (uint256 i; i < config.pausers.length; ++i) {
            _grantRole(PAUSER_ROLE, config.pausers[i]);
        }
    }

    // ------------------------------------------------------------------- reads

    function nonces(address owner) public view virtual override(IERC20Permit, LedgerBase) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc IPointsToken
    function issuerQuota(address issuer) external view returns (uint256) {
        return _issuers[issuer].amount;
    }

    /// @inheritdoc IPointsToken
    function refundable(address burner) external view returns (uint256) {
        return _burners[burner].amount;
    }

    /// @inheritdoc IPointsToken
    function refundReserve() external view returns (uint256) {
        return _refundReserve();
    }

    // ---------------------------------------------------------------- issuance

    /// @inheritdoc IPointsToken
    function setIssuerQuota(address issuer, uint256 quota) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setQuota(issuer, quota);
    }

    /// @inheritdoc IPointsToken
    function issue(address to, uint256 amount, bytes32 ref) external {
        if (amount == 0) revert ZeroAmount();
        if (ref == bytes32(0)) revert ZeroReference();
        _takeQuotaOf(msg.sender, amount);
        _mint(to, amount, _issueLimit);
        assembly ("memory-safe") {
            mstore(0x00, amount)
            log4(0x00, 0x20, _ISSUED_EVENT, caller(), to, ref) // Issued(msg.sender, to, amount, ref)
        }
    }

    /// @inheritdoc IPointsToken
    function issueBatch(address[] calldata recipients, uint256[] calldata amounts, bytes32 batchRef) external {
        uint256 n = recipients.length;
        if (n == 0) revert BatchEmpty();
        if (n != amounts.length) revert BatchLengthMismatch(n, amounts.length);
        if (batchRef == bytes32(0)) revert ZeroReference();
        _markBatch(batchRef);
        uint256 total = _mintBatch(recipients, amounts, _issueLimit);
        _takeQuotaOf(msg.sender, total);
        assembly ("memory-safe") {
            mstore(0x00, n)
            mstore(0x20, total)
            log3(0x00, 0x40, _BATCH_ISSUED_EVENT, caller(), batchRef) // BatchIssued(msg.sender, batchRef, n, total)
        }
    }

    // ---------------------------------------------------------------- vouchers

    /// @inheritdoc IPointsToken
    function claim(Voucher calldata voucher, bytes calldata signature) external {
        if (block.timestamp > voucher.expiry) revert VoucherExpired(voucher.expiry);
        if (voucher.amount == 0) revert ZeroAmount();
        if (voucher.ref == bytes32(0)) revert ZeroReference();
        bytes32 structHash = keccak256(
            abi.encode(
                _VOUCHER_TYPEHASH,
                voucher.recipient,
                voucher.amount,
                voucher.ref,
                voucher.expiry,
                voucher.id,
                voucher.generation
            )
        );
        address issuer = ECDSA.recover(_hashTypedDataV4(structHash), signature);
        uint256 generation = issuerGeneration[issuer];
        if (voucher.generation != generation) revert VoucherRevoked(issuer, voucher.generation, generation);
        uint256 bit = 1 << (voucher.id & 0xff);
        mapping(uint256 => uint256) storage words = _claimedVouchers[issuer];
        uint256 word = words[voucher.id >> 8];
        if (word & bit != 0) revert VoucherAlreadyClaimed(issuer, voucher.id);
        words[voucher.id >> 8] = word | bit;
        _takeQuotaOf(issuer, voucher.amount);
        _mint(voucher.recipient, voucher.amount, _issueLimit);
        emit Issued(issuer, voucher.recipient, voucher.amount, voucher.ref);
    }

    /// @inheritdoc IPointsToken
    function voucherClaimed(address issuer, uint256 id) external view returns (bool) {
        return _claimedVouchers[issuer][id >> 8] & (1 << (id & 0xff)) != 0;
    }

    // ---------------------------------------------------------------- redemption

    /// @inheritdoc IPointsToken
    function burn(address from, uint256 amount, bytes32 ref) external {
        if (amount == 0) revert ZeroAmount();
        RoleAmount storage burner = _burners[msg.sender];
        uint256 refundablePoints = _loadActive(burner, msg.sender, BURNER_ROLE);
        _burnToReserve(from, amount);
        _storeActive(burner, SafeCast.toUint248(refundablePoints + amount));
        assembly ("memory-safe") {
            mstore(0x00, amount)
            log4(0x00, 0x20, _BURNED_EVENT, caller(), from, ref) // Burned(msg.sender, from, amount, ref)
        }
    }

    /// @inheritdoc IPointsToken
    function refund(address to, uint256 amount, bytes32 ref) external {
        if (amount == 0) revert ZeroAmount();
        RoleAmount storage burner = _burners[msg.sender];
        uint256 available = _loadActive(burner, msg.sender, BURNER_ROLE);
        if (amount > available) revert RefundExceedsBurned(msg.sender, available, amount);
        unchecked {
            _storeActive(burner, available - amount);
        }
        _refundFromReserve(to, amount);
        assembly ("memory-safe") {
            mstore(0x00, amount)
            log4(0x00, 0x20, _REFUNDED_EVENT, caller(), to, ref) // Refunded(msg.sender, to, amount, ref)
        }
    }

    /// @inheritdoc IPointsToken
    function finalizeBurn(uint256 amount, bytes32 ref) external {
        if (amount == 0) revert ZeroAmount();
        RoleAmount storage burner = _burners[msg.sender];
        uint256 available = _loadActive(burner, msg.sender, BURNER_ROLE);
        if (amount > available) revert RefundExceedsBurned(msg.sender, available, amount);
        unchecked {
            _storeActive(burner, available - amount);
        }
        _finalizeFromReserve(amount);
        emit BurnFinalized(msg.sender, amount, ref);
    }

    // -------------------------------------------------------------------- pause

    /// @inheritdoc IPointsToken
    function pause() external onlyRole(PAUSER_ROLE) {
        if (paused()) revert EnforcedPause();
        _setPaused(true);
        emit Paused(msg.sender);
    }

    /// @inheritdoc IPointsToken
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (!paused()) revert ExpectedPause();
        _setPaused(false);
        emit Unpaused(msg.sender);
    }

    // ---------------------------------------------------------------- internals

    function _setQuota(address issuer, uint256 quota) private {
        if (quota > _maxSupply()) revert QuotaTooLarge(quota, _maxSupply());
        uint256 previous = _issuers[issuer].amount;
        _issuers[issuer].amount = uint248(quota);
        emit IssuerQuotaSet(issuer, previous, quota);
    }

    /// @dev Records `batchRef` as issued by the caller; each issuer may use a reference once.
    function _markBatch(bytes32 batchRef) private {
        bool used;
        assembly ("memory-safe") {
            mstore(0x00, caller())
            mstore(0x20, batchIssued.slot)
            mstore(0x20, keccak256(0x00, 0x40)) // batchIssued[caller]
            mstore(0x00, batchRef)
            let slot := keccak256(0x00, 0x40) // batchIssued[caller][batchRef], hashed once for both uses
            used := sload(slot)
            if iszero(used) { sstore(slot, 1) }
        }
        if (used) revert BatchAlreadyIssued(msg.sender, batchRef);
    }

    /// @dev Takes `amount` from `account`'s quota; `account` must be an issuer.
    function _takeQuotaOf(address account, uint256 amount) private {
        RoleAmount storage issuer = _issuers[account];
        uint256 quota = _loadActive(issuer, account, ISSUER_ROLE);
        if (amount > quota) revert IssuerQuotaExceeded(account, quota, amount);
        unchecked {
            _storeActive(issuer, quota - amount);
        }
    }

    /// @dev The points in `slot`, read in one SLOAD; reverts unless `account` holds `role`.
    function _loadActive(RoleAmount storage slot, address account, bytes32 role) private view returns (uint256 amount) {
        bool active;
        assembly ("memory-safe") {
            let packed := sload(slot.slot)
            active := and(packed, 0xff) // `active` is the low byte, `amount` the 248 bits above it
            amount := shr(8, packed)
        }
        if (!active) revert AccessControlUnauthorizedAccount(account, role);
    }

    /// @dev Writes `amount` (< 2^248) into an active `slot` in one SSTORE.
    function _storeActive(RoleAmount storage slot, uint256 amount) private {
        assembly ("memory-safe") {
            sstore(slot.slot, or(shl(8, amount), 1))
        }
    }

    /// @dev Mirrors ISSUER_ROLE and BURNER_ROLE into the packed slots that `issue` and `burn` read,
    /// and refuses every role to the trusted forwarder (through it, anyone could use the role).
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        if (isTrustedForwarder(account)) revert RoleForForwarder(role, account);
        granted = super._grantRole(role, account);
        if (granted) _mirrorRole(role, account, true);
    }

    /// @dev Revoking (or renouncing) ISSUER_ROLE ends what went with it: the quota goes to 0 and
    /// the generation advances, so neither the quota nor a voucher signed before comes back if the
    /// role is granted again.
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (!revoked) return revoked;
        _mirrorRole(role, account, false);
        if (role == ISSUER_ROLE) {
            _setQuota(account, 0);
            ++issuerGeneration[account];
        }
    }

    function _mirrorRole(bytes32 role, address account, bool active) private {
        if (role == ISSUER_ROLE) _issuers[account].active = active;
        else if (role == BURNER_ROLE) _burners[account].active = active;
    }
}
