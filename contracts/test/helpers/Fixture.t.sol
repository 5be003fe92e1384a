// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IPointsMall} from "../../interfaces/IPointsMall.sol";
import {ExpiringPointsToken} from "../../ExpiringPointsToken.sol";
import {PointsDeployer} from "../../PointsDeployer.sol";
import {PointsForwarder} from "../../PointsForwarder.sol";
import {PointsMall} from "../../PointsMall.sol";
import {PointsIssuance} from "../../token/PointsIssuance.sol";
import {PointsToken} from "../../PointsToken.sol";
import {TestBase} from "./TestBase.t.sol";

/// @dev A deployed system with one actor per role, as the Ignition module wires it.
abstract contract Fixture is TestBase {
    address internal admin = address(0xA11CE);
    address internal issuer = address(0x1551);
    address internal pauser = address(0xBA05E);
    address internal catalog = address(0xCA7A);
    address internal fulfiller = address(0xF11F);
    address internal merchantAdmin = address(0x3E4C);
    address internal alice = address(0xA1);
    address internal bob = address(0xB0B);


    uint256 internal constant ISSUER_QUOTA = 1e12;

    PointsToken internal token;
    PointsMall internal mall;
    PointsForwarder internal forwarder;

    function deploySystem(uint256 supplyCap) internal {
        _deploy(type(PointsToken).creationCode, supplyCap, 0, 0);
    }

    /// @dev The system on ExpiringPointsToken; `token` is typed PointsToken for the functions both share.
    function deployExpiringSystem(uint256 supplyCap, uint256 epochSeconds, uint256 validityEpochs) internal {
        _deploy(type(ExpiringPointsToken).creationCode, supplyCap, epochSeconds, validityEpochs);
    }

    function _deploy(bytes memory tokenCode, uint256 supplyCap, uint256 epochSeconds, uint256 validityEpochs) private {
        forwarder = new PointsForwarder();
        PointsIssuance.IssuerGrant[] memory issuers = new PointsIssuance.IssuerGrant[](1);
        issuers[0] = PointsIssuance.IssuerGrant({account: issuer, quota: ISSUER_QUOTA});
        address[] memory pausers = new address[](1);
        pausers[0] = pauser;
        address[] memory managers = new address[](1);
        managers[0] = catalog;
        address[] memory fulfillers = new address[](1);
        fulfillers[0] = fulfiller;

        PointsDeployer deployer = new PointsDeployer(
            tokenCode,
            PointsIssuance.Config({
                name: "Mall Points",
                symbol: "MPT",
                supplyCap: supplyCap,
                admin: admin,
                adminDelay: 1 days,
                issuers: issuers,
                burners: new address[](0),
                pausers: pausers,
                trustedForwarder: address(forwarder),
                epochSeconds: epochSeconds,
                validityEpochs: validityEpochs
            }),
            PointsMall.Config({
                token: PointsToken(address(0)),
                admin: admin,
                adminDelay: 1 days,
                merchantName: "Demo Store",
                merchantAdmin: merchantAdmin,
                catalogManagers: managers,
                fulfillers: fulfillers,
                issuers: new address[](0),
                trustedForwarder: address(0)
            })
        );
        token = PointsToken(address(deployer.token()));
        mall = deployer.mall();
    }

    function newCategory() internal returns (uint32 id) {
        vm.prank(catalog);
        id = mall.createCategory(1, "Gifts");
    }

    function newSku(uint32 categoryId, uint40 price, uint40 stock, uint24 limit) internal returns (uint32 id) {
        vm.prank(catalog);
        id = mall.createSku(
            IPointsMall.SkuInput({
                categoryId: categoryId,
                price: price,
                stock: stock,
                unlimited: false,
                perWalletLimit: limit,
                saleStart: 0,
                saleEnd: 0,
                active: true,
                metadataURI: "ipfs://sku"
            })
        );
    }

    function give(address to, uint256 amount) internal {
        vm.prank(issuer);
        token.issue(to, amount, keccak256(abi.encode("gift", to, amount)));
    }
}
