// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsToken} from "./interfaces/IPointsToken.sol";
import {PointsMall} from "./PointsMall.sol";
import {PointsIssuance} from "./token/PointsIssuance.sol";

/// @title PointsDeployer
/// @notice Deploys a points token and its mall in one transaction, with every role already given
/// to the accounts named in the configuration, so the deploying account holds none (unless named).
/// @dev The token must grant BURNER_ROLE to a mall that does not exist yet, and the mall keeps the
/// token's address immutable: this contract creates the token at its nonce 1 and the mall at its
/// nonce 2, so it knows the mall's address before creating the token. It keeps no role itself.
/// The token's creation code comes in as an argument: PointsToken (points that never expire) or
/// ExpiringPointsToken, so one deployer serves both and embeds only the mall's code.
contract PointsDeployer {
    /// @notice A token and a mall were deployed and wired.
    event SystemDeployed(address indexed token, address indexed mall, address indexed admin);

    /// @notice The mall landed at `actual`, not at the address `predicted` that the token trusts.
    error MallAddressMismatch(address predicted, address actual);

    /// @notice The token's creation code did not deploy and gave no reason (it is not a contract's
    /// code, or its code is above the size limit, or it ran out of gas).
    error TokenCreationFailed();

    /// @notice The points token.
    IPointsToken public immutable token;

    /// @notice The mall, the token's only burner.
    PointsMall public immutable mall;

    /// @param tokenCode The creation code of PointsToken or ExpiringPointsToken (no arguments).
    /// @param tokenConfig The token's configuration; its `burners` are ignored: the mall is the burner.
    /// @param mallConfig The mall's configuration; its `token`, `issuers` and `trustedForwarder` are
    /// ignored: the token is the new one, the token's issuers are merchant 1's, and both trust the
    /// token's forwarder.
    constructor(bytes memory tokenCode, PointsIssuance.Config memory tokenConfig, PointsMall.Config memory mallConfig) {
        address predictedMall = _createAddress(2);
        tokenConfig.burners = new address[](1);
        tokenConfig.burners[0] = predictedMall;
        bytes memory init = abi.encodePacked(tokenCode, abi.encode(tokenConfig));
        address newToken;
        assembly ("memory-safe") {
            newToken := create(0, add(init, 0x20), mload(init))
            // A constructor that reverted says why: pass its error on as it is.
            if and(iszero(newToken), gt(returndatasize(), 0)) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
        }
        if (newToken == address(0)) revert TokenCreationFailed();

        mallConfig.token = IPointsToken(newToken);
        mallConfig.trustedForwarder = tokenConfig.trustedForwarder;
        mallConfig.issuers = new address[](tokenConfig.issuers.length);
        for (uint256 i; i < tokenConfig.issuers.length; ++i) {
            mallConfig.issuers[i] = tokenConfig.issuers[i].account;
        }
        PointsMall newMall = new PointsMall(mallConfig);
        if (address(newMall) != predictedMall) revert MallAddressMismatch(predictedMall, address(newMall));

        token = IPointsToken(newToken);
        mall = newMall;
        emit SystemDeployed(newToken, address(newMall), tokenConfig.admin);
    }

    /// @dev The address of the contract this one creates with CREATE at `nonce` (1 to 0x7f).
    function _createAddress(uint8 nonce) private view returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xd6), bytes1(0x94), address(this), nonce)))));
    }
}
