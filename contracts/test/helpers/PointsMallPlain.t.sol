// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IPointsMall} from "../../interfaces/IPointsMall.sol";
import {IPointsToken} from "../../interfaces/IPointsToken.sol";

/// @dev PointsMall's purchase path in plain Solidity: redeem, redeemCart, fulfil, cancel and
/// restock with the same checks in the same order, the same errors and events, and the same views
/// of SKUs and orders. The reference MallEquivalence.t.sol fuzzes the assembly in PointsMall
/// against. Its catalog is the least the comparison needs: one merchant, SKUs created by anyone,
/// fulfillers by role. Not deployed outside tests.
contract PointsMallPlain is AccessControl {
    struct Sku {
        uint40 price;
        uint40 stock;
        uint40 sold;
        uint40 saleStart;
        uint40 saleEnd;
        uint24 perWalletLimit;
        uint16 merchantId;
        bool active;
        bool unlimited;
    }

    struct Order {
        address buyer;
        IPointsMall.OrderStatus status;
        uint40 pointsPaid;
        IPointsMall.OrderLine[] lines;
        bool isCart;
    }

    bytes32 public constant FULFILLER = keccak256("FULFILLER");
    uint256 public constant MAX_CART_LINES = 32;

    IPointsToken public immutable token;
    uint32 public skuCount;
    uint64 public orderCount;
    mapping(uint32 skuId => Sku) internal _skus;
    mapping(uint32 skuId => uint32) internal _categoryOf;
    mapping(uint64 orderId => Order) internal _orders;
    mapping(uint32 skuId => mapping(address buyer => uint256)) public purchased;

    constructor(IPointsToken token_, address fulfiller) {
        token = token_;
        _grantRole(merchantRole(FULFILLER, 1), fulfiller);
    }

    function merchantRole(bytes32 baseRole, uint16 merchantId) public pure returns (bytes32) {
        return keccak256(abi.encode(baseRole, merchantId));
    }

    function createSku(IPointsMall.SkuInput calldata input) external returns (uint32 skuId) {
        skuId = ++skuCount;
        _skus[skuId] = Sku({
            price: input.price,
            stock: input.unlimited ? 0 : input.stock,
            sold: 0,
            saleStart: input.saleStart,
            saleEnd: input.saleEnd,
            perWalletLimit: input.perWalletLimit,
            merchantId: 1,
            active: input.active,
            unlimited: input.unlimited
        });
        _categoryOf[skuId] = input.categoryId;
    }

    function setSkuActive(uint32 skuId, bool active) external {
        if (_skus[skuId].merchantId == 0) revert IPointsMall.UnknownSku(skuId);
        _skus[skuId].active = active;
    }

    function restock(uint32 skuId, uint40 added) external {
        Sku storage s = _skus[skuId];
        if (s.merchantId == 0) revert IPointsMall.UnknownSku(skuId);
        if (s.unlimited) revert IPointsMall.SkuIsUnlimited(skuId);
        if (added == 0) revert IPointsMall.ZeroQuantity();
        if (uint256(s.stock) + s.sold + added > type(uint40).max) {
            revert IPointsMall.StockOverflow(skuId, s.stock, s.sold, added, type(uint40).max);
        }
        s.stock += added;
        emit IPointsMall.SkuRestocked(skuId, added, s.stock);
    }

    function redeem(uint32 skuId, uint16 qty, uint40 maxPricePerUnit) external returns (uint64 orderId) {
        (uint16 merchantId, uint256 points) = _takeLine(msg.sender, skuId, qty, maxPricePerUnit);
        if (points > type(uint40).max) revert IPointsMall.OrderTooLarge(points, type(uint40).max);
        orderId = ++orderCount;
        Order storage o = _orders[orderId];
        (o.buyer, o.status, o.pointsPaid) = (msg.sender, IPointsMall.OrderStatus.Placed, uint40(points));
        o.lines.push(IPointsMall.OrderLine({skuId: skuId, qty: qty, pointsPaid: uint40(points)}));
        emit IPointsMall.OrderPlaced(orderId, msg.sender, skuId, merchantId, qty, uint40(points));
        token.burn(msg.sender, points, bytes32(uint256(orderId)));
    }

    function redeemCart(IPointsMall.CartLine[] calldata lines) external returns (uint64 orderId) {
        uint256 n = lines.length;
        if (n == 0) revert IPointsMall.EmptyCart();
        if (n > MAX_CART_LINES) revert IPointsMall.CartTooLong(n, MAX_CART_LINES);
        orderId = ++orderCount;
        Order storage o = _orders[orderId];
        (o.buyer, o.status, o.isCart) = (msg.sender, IPointsMall.OrderStatus.Placed, true);
        uint16 cartMerchant;
        uint256 total;
        for (uint256 i; i < n; ++i) {
            for (uint256 j; j < i; ++j) {
                if (lines[j].skuId == lines[i].skuId) revert IPointsMall.DuplicateCartLine(lines[i].skuId);
            }
            (uint16 merchantId, uint256 points) = _takeLine(msg.sender, lines[i].skuId, lines[i].qty, lines[i].maxPricePerUnit);
            if (i == 0) cartMerchant = merchantId;
            else if (merchantId != cartMerchant) revert IPointsMall.CartMixesMerchants(lines[i].skuId, merchantId, cartMerchant);
            total += points;
            if (total > type(uint40).max) revert IPointsMall.OrderTooLarge(total, type(uint40).max);
            o.lines.push(IPointsMall.OrderLine({skuId: lines[i].skuId, qty: lines[i].qty, pointsPaid: uint40(points)}));
            emit IPointsMall.OrderPlaced(orderId, msg.sender, lines[i].skuId, merchantId, lines[i].qty, uint40(points));
        }
        o.pointsPaid = uint40(total);
        token.burn(msg.sender, total, bytes32(uint256(orderId)));
    }

    function fulfil(uint64 orderId, bytes32 deliveryRef) external {
        Order storage o = _placedOrder(orderId);
        o.status = IPointsMall.OrderStatus.Fulfilled;
        emit IPointsMall.OrderFulfilled(orderId, msg.sender, deliveryRef);
        token.finalizeBurn(o.pointsPaid, bytes32(uint256(orderId)));
    }

    function cancel(uint64 orderId, bytes32 reason) external {
        Order storage o = _placedOrder(orderId);
        o.status = IPointsMall.OrderStatus.Cancelled;
        for (uint256 i; i < o.lines.length; ++i) {
            IPointsMall.OrderLine memory line = o.lines[i];
            Sku storage s = _skus[line.skuId];
            if (!s.unlimited) s.stock += line.qty;
            s.sold -= line.qty;
            uint256 bought = purchased[line.skuId][o.buyer];
            if (bought != 0) purchased[line.skuId][o.buyer] = bought > line.qty ? bought - line.qty : 0;
        }
        emit IPointsMall.OrderCancelled(orderId, msg.sender, reason, o.pointsPaid);
        token.refund(o.buyer, o.pointsPaid, bytes32(uint256(orderId)));
    }

    function sku(uint32 skuId) external view returns (IPointsMall.SkuView memory) {
        Sku memory s = _skus[skuId];
        if (s.merchantId == 0) revert IPointsMall.UnknownSku(skuId);
        return IPointsMall.SkuView({
            id: skuId,
            merchantId: s.merchantId,
            categoryId: _categoryOf[skuId],
            price: s.price,
            stock: s.stock,
            sold: s.sold,
            unlimited: s.unlimited,
            perWalletLimit: s.perWalletLimit,
            saleStart: s.saleStart,
            saleEnd: s.saleEnd,
            active: s.active,
            metadataURI: ""
        });
    }

    function order(uint64 orderId) external view returns (IPointsMall.OrderView memory) {
        Order storage o = _orders[orderId];
        if (o.status == IPointsMall.OrderStatus.None) revert IPointsMall.UnknownOrder(orderId);
        return IPointsMall.OrderView({
            id: orderId,
            buyer: o.buyer,
            merchantId: 1,
            skuId: o.isCart ? 0 : o.lines[0].skuId,
            qty: o.isCart ? 0 : o.lines[0].qty,
            pointsPaid: o.pointsPaid,
            status: o.status,
            lineCount: uint16(o.lines.length)
        });
    }

    function orderLines(uint64 orderId) external view returns (IPointsMall.OrderLine[] memory) {
        if (_orders[orderId].status == IPointsMall.OrderStatus.None) revert IPointsMall.UnknownOrder(orderId);
        return _orders[orderId].lines;
    }

    function _takeLine(address buyer, uint32 skuId, uint16 qty, uint40 maxPricePerUnit)
        private
        returns (uint16 merchantId, uint256 points)
    {
        Sku memory s = _skus[skuId];
        merchantId = s.merchantId;
        if (merchantId == 0) revert IPointsMall.UnknownSku(skuId);
        if (!s.active) revert IPointsMall.SkuNotActive(skuId);
        if (block.timestamp < s.saleStart) revert IPointsMall.SaleNotStarted(skuId, s.saleStart);
        if (s.saleEnd != 0 && block.timestamp >= s.saleEnd) revert IPointsMall.SaleEnded(skuId, s.saleEnd);
        if (qty == 0) revert IPointsMall.ZeroQuantity();
        if (s.price > maxPricePerUnit) revert IPointsMall.PriceAboveMax(skuId, s.price, maxPricePerUnit);
        if (s.unlimited) {
            uint256 room = type(uint40).max - s.sold;
            if (qty > room) revert IPointsMall.InsufficientStock(skuId, room, qty);
        } else {
            if (qty > s.stock) revert IPointsMall.InsufficientStock(skuId, s.stock, qty);
            s.stock -= qty;
        }
        points = uint256(s.price) * qty;
        if (s.perWalletLimit != 0) {
            uint256 bought = purchased[skuId][buyer];
            if (bought + qty > s.perWalletLimit) revert IPointsMall.WalletLimitExceeded(skuId, s.perWalletLimit, bought, qty);
            purchased[skuId][buyer] = bought + qty;
        }
        s.sold += qty;
        _skus[skuId] = s;
    }

    function _placedOrder(uint64 orderId) private view returns (Order storage o) {
        o = _orders[orderId];
        IPointsMall.OrderStatus status = o.status;
        if (status == IPointsMall.OrderStatus.None) revert IPointsMall.UnknownOrder(orderId);
        _checkRole(merchantRole(FULFILLER, 1));
        if (status != IPointsMall.OrderStatus.Placed) revert IPointsMall.OrderNotPlaced(orderId, status);
    }
}
