// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IPointsMall} from "./interfaces/IPointsMall.sol";
import {IPointsToken} from "./interfaces/IPointsToken.sol";
import {CustomerContext} from "./metatx/CustomerContext.sol";

/// @title PointsMall
/// @notice The catalog and the orders of one or more merchants that redeem one points token.
/// @dev Redemption burns through the token's BURNER_ROLE, so a customer redeems in one wallet
/// confirmation; the price bound `maxPricePerUnit` keeps a price raised in between from charging
/// more. The SKU fields that `redeem` reads and writes share one storage slot, and an order fits
/// in one slot. `redeem` acts for `_customer()`, so a relayer may pay its gas (ERC-2771); every
/// role-gated function acts for `msg.sender` only.
contract PointsMall is IPointsMall, AccessControlDefaultAdminRules, CustomerContext {
    /// @notice Everything a deployment decides; merchant 1 is registered with it.
    struct Config {
        IPointsToken token;
        /// @dev The platform admin (a multisig, in production) and the delay of its hand-over.
        address admin;
        uint48 adminDelay;
        string merchantName;
        address merchantAdmin;
        address[] catalogManagers;
        address[] fulfillers;
        /// @dev Issuers whose points are merchant 1's (for settlement).
        address[] issuers;
        /// @dev The ERC-2771 forwarder that may relay customers' redemptions; 0: none.
        address trustedForwarder;
    }

    /// @dev One slot: everything `redeem` checks and updates.
    struct Sku {
        uint40 price;
        uint40 stock;
        uint40 sold;
        uint40 saleStart;
        uint40 saleEnd; // 0: no end
        uint24 perWalletLimit; // 0: no limit
        uint16 merchantId; // 0: no such SKU
        bool active;
        bool unlimited;
    }

    struct SkuInfo {
        uint32 categoryId;
        string metadataURI;
    }

    /// @dev One slot.
    struct Order {
        address buyer;
        uint32 skuId;
        uint16 qty;
        OrderStatus status;
        uint40 pointsPaid;
    }

    struct Category {
        uint16 merchantId; // 0: no such category
        bool retired;
        string name;
    }

    /// @dev One slot; ids run from 1 to these.
    struct Counts {
        uint16 merchants;
        uint32 categories;
        uint32 skus;
        uint64 orders;
    }

    /// @notice Manages a merchant's catalog managers and fulfillers (base role; see `merchantRole`).
    bytes32 public constant MERCHANT_ADMIN = keccak256("MERCHANT_ADMIN");
    /// @notice Creates and changes a merchant's categories and SKUs (base role).
    bytes32 public constant CATALOG_MANAGER = keccak256("CATALOG_MANAGER");
    /// @notice Fulfils and cancels a merchant's orders (base role).
    bytes32 public constant FULFILLER = keccak256("FULFILLER");

    IPointsToken public immutable token;

    Counts private _counts;
    mapping(uint16 merchantId => string name) private _merchantNames;
    mapping(uint32 categoryId => Category) private _categories;
    mapping(uint32 skuId => Sku) private _skus;
    mapping(uint32 skuId => SkuInfo) private _skuInfo;
    mapping(uint64 orderId => Order) private _orders;
    mapping(uint32 skuId => mapping(address buyer => uint256 units)) private _purchased;
    mapping(address issuer => uint16 merchantId) public merchantOfIssuer;

    constructor(Config memory config)
        AccessControlDefaultAdminRules(config.adminDelay, config.admin)
        CustomerContext(config.trustedForwarder)
    {
        token = config.token;
        uint16 merchantId = _registerMerchant(config.merchantName, config.merchantAdmin);
        for (uint256 i; i < config.catalogManagers.length; ++i) {
            _grantRole(merchantRole(CATALOG_MANAGER, merchantId), config.catalogManagers[i]);
        }
        for (uint256 i; i < config.fulfillers.length; ++i) {
            _grantRole(merchantRole(FULFILLER, merchantId), config.fulfillers[i]);
        }
        for (uint256 i; i < config.issuers.length; ++i) {
            merchantOfIssuer[config.issuers[i]] = merchantId;
            emit MerchantIssuerSet(config.issuers[i], merchantId);
        }
    }

    /// @inheritdoc IPointsMall
    function merchantRole(bytes32 baseRole, uint16 merchantId) public pure returns (bytes32) {
        return keccak256(abi.encode(baseRole, merchantId));
    }

    // ---------------------------------------------------------------- merchants

    /// @inheritdoc IPointsMall
    function registerMerchant(string calldata name, address admin)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint16)
    {
        return _registerMerchant(name, admin);
    }

    /// @inheritdoc IPointsMall
    function setMerchantIssuer(address issuer, uint16 merchantId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (merchantId > _counts.merchants) revert UnknownMerchant(merchantId);
        merchantOfIssuer[issuer] = merchantId;
        emit MerchantIssuerSet(issuer, merchantId);
    }

    // --------------------------------------------------------------- categories

    /// @inheritdoc IPointsMall
    function createCategory(uint16 merchantId, string calldata name) external returns (uint32 categoryId) {
        if (merchantId == 0 || merchantId > _counts.merchants) revert UnknownMerchant(merchantId);
        _checkRole(merchantRole(CATALOG_MANAGER, merchantId));
        if (bytes(name).length == 0) revert EmptyName();
        categoryId = ++_counts.categories;
        _categories[categoryId] = Category({merchantId: merchantId, retired: false, name: name});
        emit CategoryCreated(categoryId, merchantId, name);
    }

    /// @inheritdoc IPointsMall
    function renameCategory(uint32 categoryId, string calldata name) external {
        Category storage c = _managedCategory(categoryId);
        if (bytes(name).length == 0) revert EmptyName();
        c.name = name;
        emit CategoryRenamed(categoryId, name);
    }

    /// @inheritdoc IPointsMall
    function retireCategory(uint32 categoryId) external {
        Category storage c = _managedCategory(categoryId);
        if (c.retired) revert CategoryIsRetired(categoryId);
        c.retired = true;
        emit CategoryRetired(categoryId);
    }

    // --------------------------------------------------------------------- SKUs

    /// @inheritdoc IPointsMall
    function createSku(SkuInput calldata input) external returns (uint32 skuId) {
        uint16 merchantId = _liveCategoryMerchant(input.categoryId);
        _checkRole(merchantRole(CATALOG_MANAGER, merchantId));
        _checkTerms(input.price, input.saleStart, input.saleEnd);
        skuId = ++_counts.skus;
        _skus[skuId] = Sku({
            price: input.price,
            stock: input.unlimited ? 0 : input.stock,
            sold: 0,
            saleStart: input.saleStart,
            saleEnd: input.saleEnd,
            perWalletLimit: input.perWalletLimit,
            merchantId: merchantId,
            active: input.active,
            unlimited: input.unlimited
        });
        _skuInfo[skuId] = SkuInfo({categoryId: input.categoryId, metadataURI: input.metadataURI});
        emit SkuCreated(skuId, merchantId, input.categoryId, input);
    }

    /// @inheritdoc IPointsMall
    function updateSku(uint32 skuId, SkuUpdate calldata update) external {
        Sku storage s = _managedSku(skuId);
        uint16 merchantId = s.merchantId;
        SkuInfo storage info = _skuInfo[skuId];
        if (update.categoryId != info.categoryId) {
            uint16 categoryMerchant = _liveCategoryMerchant(update.categoryId);
            if (categoryMerchant != merchantId) {
                revert CategoryOfOtherMerchant(update.categoryId, categoryMerchant, merchantId);
            }
            info.categoryId = update.categoryId;
        }
        _checkTerms(update.price, update.saleStart, update.saleEnd);
        s.price = update.price;
        s.perWalletLimit = update.perWalletLimit;
        s.saleStart = update.saleStart;
        s.saleEnd = update.saleEnd;
        info.metadataURI = update.metadataURI;
        emit SkuUpdated(skuId, update);
    }

    /// @inheritdoc IPointsMall
    function setSkuActive(uint32 skuId, bool active) external {
        Sku storage s = _managedSku(skuId);
        s.active = active;
        emit SkuActiveSet(skuId, active);
    }

    /// @inheritdoc IPointsMall
    function restock(uint32 skuId, uint40 added) external {
        Sku storage s = _managedSku(skuId);
        if (s.unlimited) revert SkuIsUnlimited(skuId);
        if (added == 0) revert ZeroQuantity();
        uint40 stock = s.stock;
        if (added > type(uint40).max - stock) revert StockOverflow(skuId, stock, added);
        stock += added;
        s.stock = stock;
        emit SkuRestocked(skuId, added, stock);
    }

    // ------------------------------------------------------------------- orders

    /// @inheritdoc IPointsMall
    function redeem(uint32 skuId, uint16 qty, uint40 maxPricePerUnit) external returns (uint64 orderId) {
        address buyer = _customer();
        Sku memory s = _skus[skuId];
        if (s.merchantId == 0) revert UnknownSku(skuId);
        if (!s.active) revert SkuNotActive(skuId);
        if (block.timestamp < s.saleStart) revert SaleNotStarted(skuId, s.saleStart);
        if (s.saleEnd != 0 && block.timestamp >= s.saleEnd) revert SaleEnded(skuId, s.saleEnd);
        if (qty == 0) revert ZeroQuantity();
        if (s.price > maxPricePerUnit) revert PriceAboveMax(skuId, s.price, maxPricePerUnit);
        if (!s.unlimited && qty > s.stock) revert InsufficientStock(skuId, s.stock, qty);
        uint256 points = uint256(s.price) * qty;
        if (points > type(uint40).max) revert OrderTooLarge(points, type(uint40).max);

        if (s.perWalletLimit != 0) {
            uint256 bought = _purchased[skuId][buyer];
            if (bought + qty > s.perWalletLimit) {
                revert WalletLimitExceeded(skuId, s.perWalletLimit, bought, qty);
            }
            _purchased[skuId][buyer] = bought + qty;
        }
        Sku storage stored = _skus[skuId];
        if (!s.unlimited) stored.stock = s.stock - qty;
        stored.sold = s.sold + qty;

        orderId = ++_counts.orders;
        _orders[orderId] = Order({
            buyer: buyer,
            skuId: skuId,
            qty: qty,
            status: OrderStatus.Placed,
            pointsPaid: uint40(points)
        });
        emit OrderPlaced(orderId, buyer, skuId, s.merchantId, qty, uint40(points));

        // Interaction last: the token is ours, but checks-effects-interactions all the same.
        token.burn(buyer, points, bytes32(uint256(orderId)));
    }

    /// @inheritdoc IPointsMall
    function fulfil(uint64 orderId, bytes32 deliveryRef) external {
        Order storage o = _placedOrder(orderId);
        o.status = OrderStatus.Fulfilled;
        emit OrderFulfilled(orderId, msg.sender, deliveryRef);
    }

    /// @inheritdoc IPointsMall
    function cancel(uint64 orderId, bytes32 reason) external {
        Order storage o = _placedOrder(orderId);
        o.status = OrderStatus.Cancelled;
        (address buyer, uint32 skuId, uint16 qty, uint40 points) = (o.buyer, o.skuId, o.qty, o.pointsPaid);

        Sku storage s = _skus[skuId];
        if (!s.unlimited) s.stock += qty;
        s.sold -= qty;
        // The wallet count is kept only while a SKU has a limit, so it may hold less than qty.
        uint256 bought = _purchased[skuId][buyer];
        if (bought != 0) _purchased[skuId][buyer] = bought > qty ? bought - qty : 0;
        emit OrderCancelled(orderId, msg.sender, reason, points);

        token.refund(buyer, points, bytes32(uint256(orderId)));
    }

    // -------------------------------------------------------------------- reads

    /// @inheritdoc IPointsMall
    function counts() external view returns (uint16 merchants, uint32 categories, uint32 skus, uint64 orders) {
        Counts memory c = _counts;
        return (c.merchants, c.categories, c.skus, c.orders);
    }

    /// @inheritdoc IPointsMall
    function merchant(uint16 merchantId) external view returns (MerchantView memory) {
        if (merchantId == 0 || merchantId > _counts.merchants) revert UnknownMerchant(merchantId);
        return MerchantView({id: merchantId, name: _merchantNames[merchantId]});
    }

    /// @inheritdoc IPointsMall
    function category(uint32 categoryId) public view returns (CategoryView memory) {
        Category storage c = _categories[categoryId];
        if (c.merchantId == 0) revert UnknownCategory(categoryId);
        return CategoryView({id: categoryId, merchantId: c.merchantId, retired: c.retired, name: c.name});
    }

    /// @inheritdoc IPointsMall
    function sku(uint32 skuId) public view returns (SkuView memory) {
        Sku memory s = _skus[skuId];
        if (s.merchantId == 0) revert UnknownSku(skuId);
        SkuInfo storage info = _skuInfo[skuId];
        return SkuView({
            id: skuId,
            merchantId: s.merchantId,
            categoryId: info.categoryId,
            price: s.price,
            stock: s.stock,
            sold: s.sold,
            unlimited: s.unlimited,
            perWalletLimit: s.perWalletLimit,
            saleStart: s.saleStart,
            saleEnd: s.saleEnd,
            active: s.active,
            metadataURI: info.metadataURI
        });
    }

    /// @inheritdoc IPointsMall
    function order(uint64 orderId) public view returns (OrderView memory) {
        Order memory o = _orders[orderId];
        if (o.status == OrderStatus.None) revert UnknownOrder(orderId);
        return OrderView({
            id: orderId,
            buyer: o.buyer,
            merchantId: _skus[o.skuId].merchantId,
            skuId: o.skuId,
            qty: o.qty,
            pointsPaid: o.pointsPaid,
            status: o.status
        });
    }

    /// @inheritdoc IPointsMall
    function purchased(uint32 skuId, address buyer) external view returns (uint256) {
        return _purchased[skuId][buyer];
    }

    /// @inheritdoc IPointsMall
    function listCategories(uint32 fromId, uint32 limit) external view returns (CategoryView[] memory page) {
        (uint256 first, uint256 n) = _page(fromId, limit, _counts.categories);
        page = new CategoryView[](n);
        for (uint256 i; i < n; ++i) {
            page[i] = category(uint32(first + i));
        }
    }

    /// @inheritdoc IPointsMall
    function listSkus(uint32 fromId, uint32 limit) external view returns (SkuView[] memory page) {
        (uint256 first, uint256 n) = _page(fromId, limit, _counts.skus);
        page = new SkuView[](n);
        for (uint256 i; i < n; ++i) {
            page[i] = sku(uint32(first + i));
        }
    }

    /// @inheritdoc IPointsMall
    function listOrders(uint64 fromId, uint64 limit) external view returns (OrderView[] memory page) {
        (uint256 first, uint256 n) = _page(fromId, limit, _counts.orders);
        page = new OrderView[](n);
        for (uint256 i; i < n; ++i) {
            page[i] = order(uint64(first + i));
        }
    }

    // ---------------------------------------------------------------- internals

    function _registerMerchant(string memory name, address admin) private returns (uint16 merchantId) {
        if (bytes(name).length == 0) revert EmptyName();
        merchantId = ++_counts.merchants;
        _merchantNames[merchantId] = name;
        bytes32 adminRole = merchantRole(MERCHANT_ADMIN, merchantId);
        _setRoleAdmin(merchantRole(CATALOG_MANAGER, merchantId), adminRole);
        _setRoleAdmin(merchantRole(FULFILLER, merchantId), adminRole);
        _grantRole(adminRole, admin);
        emit MerchantRegistered(merchantId, name, admin);
    }

    /// @dev The merchant of a category that exists and takes SKUs.
    function _liveCategoryMerchant(uint32 categoryId) private view returns (uint16 merchantId) {
        Category storage c = _categories[categoryId];
        merchantId = c.merchantId;
        if (merchantId == 0) revert UnknownCategory(categoryId);
        if (c.retired) revert CategoryIsRetired(categoryId);
    }

    /// @dev A category the caller manages.
    function _managedCategory(uint32 categoryId) private view returns (Category storage c) {
        c = _categories[categoryId];
        if (c.merchantId == 0) revert UnknownCategory(categoryId);
        _checkRole(merchantRole(CATALOG_MANAGER, c.merchantId));
    }

    /// @dev A SKU the caller manages.
    function _managedSku(uint32 skuId) private view returns (Sku storage s) {
        s = _skus[skuId];
        uint16 merchantId = s.merchantId;
        if (merchantId == 0) revert UnknownSku(skuId);
        _checkRole(merchantRole(CATALOG_MANAGER, merchantId));
    }

    /// @dev A Placed order the caller may fulfil or cancel.
    function _placedOrder(uint64 orderId) private view returns (Order storage o) {
        o = _orders[orderId];
        OrderStatus status = o.status;
        if (status == OrderStatus.None) revert UnknownOrder(orderId);
        _checkRole(merchantRole(FULFILLER, _skus[o.skuId].merchantId));
        if (status != OrderStatus.Placed) revert OrderNotPlaced(orderId, status);
    }

    function _checkTerms(uint40 price, uint40 saleStart, uint40 saleEnd) private pure {
        if (price == 0) revert ZeroPrice();
        if (saleEnd != 0 && saleEnd <= saleStart) revert InvalidSaleWindow(saleStart, saleEnd);
    }

    /// @dev The ids [first, first + n) of a page of at most `limit` from `fromId`, of `count` ids from 1.
    function _page(uint256 fromId, uint256 limit, uint256 count) private pure returns (uint256 first, uint256 n) {
        first = fromId == 0 ? 1 : fromId;
        if (first > count) return (first, 0);
        n = count - first + 1;
        if (n > limit) n = limit;
    }
}
