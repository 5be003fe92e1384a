// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ExpiringPointsToken} from "../ExpiringPointsToken.sol";
import {IPointsMall} from "../interfaces/IPointsMall.sol";
import {PointsMall} from "../PointsMall.sol";
import {Fixture} from "./helpers/Fixture.t.sol";
import {TestBase} from "./helpers/TestBase.t.sol";

/// @dev What the invariant runner calls on an expiring program: issuance, transfers, redemptions,
/// cancels, fulfilments and the passing of time across epochs, with ghost totals. What expires is
/// counted from the epochs' supplies just before the time that expires them passes.
contract ExpiryHandler is TestBase {
    uint256 internal constant EPOCH = 1 days;
    ExpiringPointsToken internal immutable token;
    PointsMall internal immutable mall;
    address internal immutable issuer;
    address internal immutable fulfiller;
    address[3] internal actors = [address(0xA1), address(0xB0B), address(0xC0FFEE)];
    uint32 internal immutable skuId;

    uint256 public issued;
    uint256 public burned;
    uint256 public refunded;
    uint256 public expired;
    uint256 public finalized;

    constructor(ExpiringPointsToken token_, PointsMall mall_, address issuer_, address fulfiller_, uint32 skuId_) {
        (token, mall, issuer, fulfiller, skuId) = (token_, mall_, issuer_, fulfiller_, skuId_);
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function issue(uint256 seed, uint256 amount) external {
        amount = bound(amount, 1, 1e6);
        vm.prank(issuer);
        token.issue(actors[seed % 3], amount, bytes32("handler"));
        issued += amount;
    }

    function transfer(uint256 seed, uint256 amount) external {
        address from = actors[seed % 3];
        uint256 balance = token.balanceOf(from);
        if (balance == 0) return;
        vm.prank(from);
        token.transfer(actors[(seed >> 8) % 3], bound(amount, 1, balance));
    }

    function redeem(uint256 seed, uint16 qty) external {
        address buyer = actors[seed % 3];
        qty = uint16(bound(qty, 1, 5));
        if (token.balanceOf(buyer) < uint256(qty) * 7) return;
        vm.prank(buyer);
        mall.redeem(skuId, qty, 7);
        burned += uint256(qty) * 7;
    }

    function closeOrder(uint256 seed, bool fulfil) external {
        (,,, uint64 orders) = mall.counts();
        if (orders == 0) return;
        uint64 id = uint64(seed % orders) + 1;
        IPointsMall.OrderView memory o = mall.order(id);
        if (o.status != IPointsMall.OrderStatus.Placed) return;
        vm.prank(fulfiller);
        if (fulfil) {
            mall.fulfil(id, bytes32("DHL"));
            finalized += o.pointsPaid;
        } else {
            mall.cancel(id, bytes32("no stock"));
            refunded += o.pointsPaid;
        }
    }

    /// @dev Up to two epochs on; what the epochs that end in between held, expires.
    function wait(uint256 seconds_) external {
        seconds_ = bound(seconds_, 1, 2 * EPOCH);
        uint256 current = token.currentEpoch();
        uint256 validity = token.validityDuration();
        uint256 after_ = (block.timestamp + seconds_ - token.epochOrigin()) / EPOCH;
        for (uint256 e = current + 1 >= validity ? current + 1 - validity : 0; e <= current; ++e) {
            if (e + validity <= after_) expired += token.epochSupply(e);
        }
        vm.warp(block.timestamp + seconds_);
    }
}

/// @dev The books of an expiring program balance at any time.
contract ExpiryInvariantTest is Fixture {
    ExpiryHandler internal handler;
    ExpiringPointsToken internal expiring;

    function setUp() public {
        deployExpiringSystem(0, 1 days, 3);
        expiring = ExpiringPointsToken(address(token));
        uint32 sku = newSku(newCategory(), 7, type(uint32).max, 0);
        handler = new ExpiryHandler(expiring, mall, issuer, fulfiller, sku);
        targetContract(address(handler));
    }

    function invariant_supplyIsIssuedLessBurnedPlusRefundedLessExpired() public view {
        vm.assertEq(
            expiring.totalSupply(),
            handler.issued() - handler.burned() + handler.refunded() - handler.expired(),
            "supply == issued - burned + refunded - expired"
        );
    }

    function invariant_supplyIsTheSumOfBalancesAndOfEpochs() public view {
        uint256 sum;
        for (uint256 i; i < 3; ++i) sum += expiring.balanceOf(handler.actor(i));
        vm.assertEq(expiring.totalSupply(), sum, "supply == sum of balances");
        uint256 epochs;
        uint256 current = expiring.currentEpoch();
        for (uint256 back; back < 3 && back <= current; ++back) epochs += expiring.epochSupply(current - back);
        vm.assertEq(expiring.totalSupply(), epochs, "supply == sum of the epochs' supplies");
    }

    function invariant_theReserveIsWhatOpenOrdersMayGetBack() public view {
        vm.assertEq(
            expiring.refundReserve(), handler.burned() - handler.refunded() - handler.finalized(), "reserve == burned - refunded - finalized"
        );
    }
}
