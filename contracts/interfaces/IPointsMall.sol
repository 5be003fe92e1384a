// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC2771Recipient} from "./IERC2771Recipient.sol";
import {IPointsToken} from "./IPointsToken.sol";

/// @title IPointsMall
/// @notice A catalog of goods priced in points and the orders that redeem them, for one or more
/// merchants sharing one points token. Every category, SKU and order belongs to a merchant; the
/// roles that manage a catalog or fulfil orders are scoped to their merchant.
interface IPointsMall is IERC2771Recipient {
    /// @notice Placed -> Fulfilled | Cancelled. `None` is an id that was never used.
    enum OrderStatus {
        None,
        Placed,
        Fulfilled,
        Cancelled
    }

    /// @notice What a catalog manager gives to create a SKU.
    struct SkuInput {
        uint32 categoryId;
        uint40 price;
        uint40 stock;
        bool unlimited;
        uint24 perWalletLimit;
        uint40 saleStart;
        uint40 saleEnd;
        bool active;
        string metadataURI;
    }

    /// @notice What a catalog manager may change on a SKU (stock goes through `restock`).
    struct SkuUpdate {
        uint32 categoryId;
        uint40 price;
        uint24 perWalletLimit;
        uint40 saleStart;
        uint40 saleEnd;
        string metadataURI;
    }

    /// @notice A SKU as the UI and SDK read it.
    struct SkuView {
        uint32 id;
        uint16 merchantId;
        uint32 categoryId;
        uint40 price;
        uint40 stock;
        uint40 sold;
        bool unlimited;
        uint24 perWalletLimit;
        uint40 saleStart;
        uint40 saleEnd;
        bool active;
        string metadataURI;
    }

    /// @notice A category as the UI and SDK read it.
    struct CategoryView {
        uint32 id;
        uint16 merchantId;
        bool retired;
        string name;
    }

    /// @notice An order as the UI and SDK read it. An order of one SKU (`redeem`) has `lineCount`
    /// 1 and its SKU and quantity here; a cart's order (`redeemCart`) has `skuId` and `qty` 0 and
    /// its lines in `orderLines`.
    struct OrderView {
        uint64 id;
        address buyer;
        uint16 merchantId;
        uint32 skuId;
        uint16 qty;
        uint40 pointsPaid;
        OrderStatus status;
        uint16 lineCount;
    }

    /// @notice One line of a cart: `qty` units of SKU `skuId`, paying at most `maxPricePerUnit` each.
    struct CartLine {
        uint32 skuId;
        uint16 qty;
        uint40 maxPricePerUnit;
    }

    /// @notice One line of an order: `qty` units of SKU `skuId` for `pointsPaid` points.
    struct OrderLine {
        uint32 skuId;
        uint16 qty;
        uint40 pointsPaid;
    }

    /// @notice A merchant as the UI and SDK read it.
    struct MerchantView {
        uint16 id;
        string name;
    }

    /// @notice The platform admin registered merchant `merchantId`, managed by `admin`.
    event MerchantRegistered(uint16 indexed merchantId, string name, address indexed admin);

    /// @notice Points issued by `issuer` count as merchant `merchantId`'s (0: no merchant's), for
    /// settlement between merchants sharing the token.
    event MerchantIssuerSet(address indexed issuer, uint16 indexed merchantId);

    /// @notice Merchant `merchantId` created category `categoryId`.
    event CategoryCreated(uint32 indexed categoryId, uint16 indexed merchantId, string name);

    /// @notice Category `categoryId` is now called `name`.
    event CategoryRenamed(uint32 indexed categoryId, string name);

    /// @notice Category `categoryId` takes no new SKUs; its SKUs stay as they are.
    event CategoryRetired(uint32 indexed categoryId);

    /// @notice Merchant `merchantId` created SKU `skuId` in `categoryId` with `input`.
    event SkuCreated(uint32 indexed skuId, uint16 indexed merchantId, uint32 indexed categoryId, SkuInput input);

    /// @notice SKU `skuId` was changed to `update`.
    event SkuUpdated(uint32 indexed skuId, SkuUpdate update);

    /// @notice SKU `skuId` was put on sale (`active`) or withdrawn from sale.
    event SkuActiveSet(uint32 indexed skuId, bool active);

    /// @notice `added` units of SKU `skuId` were added; `stock` are now in stock.
    event SkuRestocked(uint32 indexed skuId, uint40 added, uint40 stock);

    /// @notice `buyer` redeemed `qty` of SKU `skuId` of merchant `merchantId` for `pointsPaid`
    /// points (burned, reference `bytes32(orderId)`), placing order `orderId`. A cart's order emits
    /// one per line, all with the same `orderId`.
    event OrderPlaced(
        uint64 indexed orderId,
        address indexed buyer,
        uint32 indexed skuId,
        uint16 merchantId,
        uint16 qty,
        uint40 pointsPaid
    );

    /// @notice `fulfiller` marked order `orderId` delivered under `deliveryRef` (a shipment or voucher id).
    event OrderFulfilled(uint64 indexed orderId, address indexed fulfiller, bytes32 deliveryRef);

    /// @notice `canceller` cancelled order `orderId` for `reason`; its buyer got `pointsRefunded` back
    /// and its units went back in stock.
    event OrderCancelled(uint64 indexed orderId, address indexed canceller, bytes32 reason, uint40 pointsRefunded);

    /// @notice No merchant has id `merchantId`.
    error UnknownMerchant(uint256 merchantId);

    /// @notice No category has id `categoryId`.
    error UnknownCategory(uint256 categoryId);

    /// @notice Category `categoryId` is retired and takes no SKUs.
    error CategoryIsRetired(uint256 categoryId);

    /// @notice Category `categoryId` belongs to merchant `categoryMerchant`, not to `skuMerchant`.
    error CategoryOfOtherMerchant(uint256 categoryId, uint256 categoryMerchant, uint256 skuMerchant);

    /// @notice No SKU has id `skuId`.
    error UnknownSku(uint256 skuId);

    /// @notice No order has id `orderId`.
    error UnknownOrder(uint256 orderId);

    /// @notice A name was empty.
    error EmptyName();

    /// @notice A price of zero points was given.
    error ZeroPrice();

    /// @notice A quantity of zero was asked for.
    error ZeroQuantity();

    /// @notice The sale window ends (`saleEnd`) before or when it starts (`saleStart`).
    error InvalidSaleWindow(uint256 saleStart, uint256 saleEnd);

    /// @notice SKU `skuId` is not on sale.
    error SkuNotActive(uint256 skuId);

    /// @notice SKU `skuId` goes on sale at `saleStart`.
    error SaleNotStarted(uint256 skuId, uint256 saleStart);

    /// @notice The sale of SKU `skuId` ended at `saleEnd`.
    error SaleEnded(uint256 skuId, uint256 saleEnd);

    /// @notice SKU `skuId` has `available` units and `wanted` were asked for.
    error InsufficientStock(uint256 skuId, uint256 available, uint256 wanted);

    /// @notice SKU `skuId` allows `limit` per wallet; this one bought `bought` and asked for `wanted`.
    error WalletLimitExceeded(uint256 skuId, uint256 limit, uint256 bought, uint256 wanted);

    /// @notice SKU `skuId` costs `price` a unit, above the buyer's bound `maxPrice`.
    error PriceAboveMax(uint256 skuId, uint256 price, uint256 maxPrice);

    /// @notice An order would cost `points`, more than the `max` one order can carry.
    error OrderTooLarge(uint256 points, uint256 max);

    /// @notice SKU `skuId` has no stock to manage: it is unlimited.
    error SkuIsUnlimited(uint256 skuId);

    /// @notice Adding `added` to the `stock` of SKU `skuId`, which has `sold` units in standing
    /// orders, would take stock plus sold above `max` (a cancel puts sold units back in stock).
    error StockOverflow(uint256 skuId, uint256 stock, uint256 sold, uint256 added, uint256 max);

    /// @notice A cart needs at least one line.
    error EmptyCart();

    /// @notice A cart has `lines` lines; at most `max` fit one order.
    error CartTooLong(uint256 lines, uint256 max);

    /// @notice SKU `skuId` appears twice in the cart; a SKU may appear once per cart.
    error DuplicateCartLine(uint256 skuId);

    /// @notice SKU `skuId` is merchant `merchantId`'s, and the cart is merchant `cartMerchant`'s; an
    /// order is one merchant's, so a cart is too.
    error CartMixesMerchants(uint256 skuId, uint256 merchantId, uint256 cartMerchant);

    /// @notice `account` is the trusted forwarder, which may hold no role (through it, anyone could
    /// use the role).
    error RoleForForwarder(bytes32 role, address account);

    /// @notice Order `orderId` is `status`; only a Placed order can be fulfilled or cancelled.
    error OrderNotPlaced(uint256 orderId, OrderStatus status);

    /// @notice The points token whose points this mall redeems.
    function token() external view returns (IPointsToken);

    /// @notice The role id of `baseRole` (MERCHANT_ADMIN, CATALOG_MANAGER or FULFILLER) for merchant `merchantId`.
    function merchantRole(bytes32 baseRole, uint16 merchantId) external pure returns (bytes32);

    /// @notice Registers a merchant called `name` whose roles `admin` manages. Only the platform admin.
    function registerMerchant(string calldata name, address admin) external returns (uint16 merchantId);

    /// @notice Says that points issued by `issuer` are merchant `merchantId`'s (0 to clear), so a
    /// coalition can settle who owes whom. Only the platform admin.
    function setMerchantIssuer(address issuer, uint16 merchantId) external;

    /// @notice The merchant whose points `issuer` issues (0: none).
    function merchantOfIssuer(address issuer) external view returns (uint16);

    /// @notice Creates a category of merchant `merchantId`. Only that merchant's catalog managers.
    function createCategory(uint16 merchantId, string calldata name) external returns (uint32 categoryId);

    /// @notice Renames category `categoryId`. Only its merchant's catalog managers.
    function renameCategory(uint32 categoryId, string calldata name) external;

    /// @notice Retires category `categoryId`: it takes no new SKUs. Only its merchant's catalog managers.
    function retireCategory(uint32 categoryId) external;

    /// @notice Creates a SKU in `input.categoryId`, for that category's merchant. Only its catalog managers.
    function createSku(SkuInput calldata input) external returns (uint32 skuId);

    /// @notice Changes SKU `skuId`'s category, price, wallet limit, sale window and metadata. A raised
    /// price never charges a buyer more than the bound they signed. Only its merchant's catalog managers.
    function updateSku(uint32 skuId, SkuUpdate calldata update) external;

    /// @notice Puts SKU `skuId` on sale or withdraws it. Only its merchant's catalog managers.
    function setSkuActive(uint32 skuId, bool active) external;

    /// @notice Adds `added` units to SKU `skuId`'s stock. Only its merchant's catalog managers.
    function restock(uint32 skuId, uint40 added) external;

    /// @notice Redeems `qty` of SKU `skuId` for the caller, paying at most `maxPricePerUnit` points a
    /// unit: burns the points, takes the units from stock and places an order. One confirmation, no
    /// approval. Reverts when the token is paused.
    function redeem(uint32 skuId, uint16 qty, uint40 maxPricePerUnit) external returns (uint64 orderId);

    /// @notice Redeems every line of a cart for the caller in one order and one burn: each line's
    /// stock, wallet limit, sale window and price bound apply as in `redeem`, and a bad line
    /// reverts the whole cart with its usual error, which names the SKU. All lines must be one
    /// merchant's, each SKU once.
    function redeemCart(CartLine[] calldata lines) external returns (uint64 orderId);

    /// @notice Marks Placed order `orderId` fulfilled under `deliveryRef`: its points can no longer
    /// come back (the token's `finalizeBurn`). Only its merchant's fulfillers.
    function fulfil(uint64 orderId, bytes32 deliveryRef) external;

    /// @notice Cancels Placed order `orderId` for `reason`: refunds exactly the points paid, once, and
    /// puts its units back in stock. Only its merchant's fulfillers.
    function cancel(uint64 orderId, bytes32 reason) external;

    /// @notice How many merchants, categories, SKUs and orders exist (ids run from 1 to these).
    function counts() external view returns (uint16 merchants, uint32 categories, uint32 skus, uint64 orders);

    /// @notice Merchant `merchantId`.
    function merchant(uint16 merchantId) external view returns (MerchantView memory);

    /// @notice Category `categoryId`.
    function category(uint32 categoryId) external view returns (CategoryView memory);

    /// @notice SKU `skuId`.
    function sku(uint32 skuId) external view returns (SkuView memory);

    /// @notice Order `orderId`.
    function order(uint64 orderId) external view returns (OrderView memory);

    /// @notice The lines of order `orderId` (one for an order placed with `redeem`).
    function orderLines(uint64 orderId) external view returns (OrderLine[] memory);

    /// @notice How many units of SKU `skuId` `buyer` holds against its wallet limit (counted only
    /// while the SKU has one).
    function purchased(uint32 skuId, address buyer) external view returns (uint256);

    /// @notice Up to `limit` categories from id `fromId` on.
    function listCategories(uint32 fromId, uint32 limit) external view returns (CategoryView[] memory);

    /// @notice Up to `limit` SKUs from id `fromId` on.
    function listSkus(uint32 fromId, uint32 limit) external view returns (SkuView[] memory);

    /// @notice Up to `limit` orders from id `fromId` on.
    function listOrders(uint64 fromId, uint64 limit) external view returns (OrderView[] memory);
}
