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

    /// @dev One slot. A cart's order has `skuId` 0 and its line count in `qty`; its lines are in
    /// `_cartLines`.
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

    uint256 private constant _MASK40 = (1 << 40) - 1;
    uint256 private constant _MASK64 = (1 << 64) - 1;
    uint256 private constant _MASK160 = (1 << 160) - 1;

    /// @notice The most lines one cart (one order) may have: bounds the gas of a cancel.
    uint256 public constant MAX_CART_LINES = 32;

    IPointsToken public immutable token;

    Counts private _counts;
    mapping(uint16 merchantId => string name) private _merchantNames;
    mapping(uint32 categoryId => Category) private _categories;
    mapping(uint32 skuId => Sku) private _skus;
    mapping(uint32 skuId => SkuInfo) private _skuInfo;
    mapping(uint64 orderId => Order) private _orders;
    mapping(uint32 skuId => mapping(address buyer => uint256 units)) private _purchased;
    mapping(address issuer => uint16 merchantId) public merchantOfIssuer;
    /// @dev A cart's lines, two to a slot: (skuId 32 | qty 16 | points 40) at bits 0 and 128.
    mapping(uint64 orderId => mapping(uint256 pair => uint256 lines)) private _cartLines;

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
    function merchantRole(bytes32 baseRole, uint16 merchantId) public pure returns (bytes32 role) {
        // keccak256(abi.encode(baseRole, merchantId)), hashed in scratch space: no memory to allocate.
        assembly ("memory-safe") {
            mstore(0x00, baseRole)
            mstore(0x20, and(merchantId, 0xffff))
            role := keccak256(0x00, 0x40)
        }
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
        // Stock plus sold is what a cancel can bring back into stock: it must fit, or a cancel
        // could never refund.
        if (uint256(stock) + s.sold + added > type(uint40).max) {
            revert StockOverflow(skuId, stock, s.sold, added, type(uint40).max);
        }
        stock += added;
        s.stock = stock;
        emit SkuRestocked(skuId, added, stock);
    }

    // ------------------------------------------------------------------- orders

    /// @inheritdoc IPointsMall
    function redeem(uint32 skuId, uint16 qty, uint40 maxPricePerUnit) external returns (uint64 orderId) {
        address buyer = _customer();
        (uint16 merchantId, uint256 points) = _takeLine(buyer, skuId, qty, maxPricePerUnit);
        if (points > type(uint40).max) revert OrderTooLarge(points, type(uint40).max);
        orderId = _nextOrderId();
        _storeOrder(orderId, buyer, skuId, qty, points);
        _logOrderPlaced(orderId, buyer, skuId, merchantId, qty, points);
        // Interaction last: the token is ours, but checks-effects-interactions all the same.
        _callToken(IPointsToken.burn.selector, buyer, points, orderId);
    }

    /// @inheritdoc IPointsMall
    function redeemCart(CartLine[] calldata lines) external returns (uint64 orderId) {
        uint256 n = lines.length;
        if (n == 0) revert EmptyCart();
        if (n > MAX_CART_LINES) revert CartTooLong(n, MAX_CART_LINES);
        address buyer = _customer();
        orderId = _nextOrderId();
        uint16 cartMerchant;
        uint256 total;
        uint256 pair;
        for (uint256 i; i < n; ++i) {
            CartLine calldata line = lines[i];
            for (uint256 j; j < i; ++j) {
                if (lines[j].skuId == line.skuId) revert DuplicateCartLine(line.skuId);
            }
            (uint16 merchantId, uint256 points) = _takeLine(buyer, line.skuId, line.qty, line.maxPricePerUnit);
            if (i == 0) cartMerchant = merchantId;
            else if (merchantId != cartMerchant) revert CartMixesMerchants(line.skuId, merchantId, cartMerchant);
            total += points;
            if (total > type(uint40).max) revert OrderTooLarge(total, type(uint40).max);
            pair |= _packLine(line.skuId, line.qty, points) << ((i & 1) * 128);
            if (i & 1 == 1 || i == n - 1) {
                _cartLines[orderId][i >> 1] = pair;
                pair = 0;
            }
            _logOrderPlaced(orderId, buyer, line.skuId, merchantId, line.qty, points);
        }
        _storeOrder(orderId, buyer, 0, uint16(n), total);
        _callToken(IPointsToken.burn.selector, buyer, total, orderId);
    }

    /// @inheritdoc IPointsMall
    function fulfil(uint64 orderId, bytes32 deliveryRef) external {
        (uint256 order_,,) = _closeOrder(orderId, OrderStatus.Fulfilled);
        uint256 points = order_ >> 216;
        emit OrderFulfilled(orderId, msg.sender, deliveryRef);

        // The points of a delivered order can no longer come back: they leave the token's refund
        // reserve, which the supply cap counts.
        _callToken(IPointsToken.finalizeBurn.selector, address(0), points, orderId);
    }

    /// @inheritdoc IPointsMall
    function cancel(uint64 orderId, bytes32 reason) external {
        (uint256 order_, uint256 skuSlot, uint256 skuWord) = _closeOrder(orderId, OrderStatus.Cancelled);
        (address buyer, uint32 skuId, uint16 qty, uint256 points) =
            (address(uint160(order_)), uint32(order_ >> 160), uint16(order_ >> 192), order_ >> 216);
        if (skuId != 0) {
            _returnLine(buyer, skuId, qty, skuSlot, skuWord);
        } else {
            for (uint256 i; i < qty; ++i) {
                (uint32 lineSku, uint16 lineQty,) = _cartLine(orderId, i);
                uint256 lineSlot = _skuSlot(lineSku);
                _returnLine(buyer, lineSku, lineQty, lineSlot, _skuWord(lineSlot));
            }
        }
        bytes32 topic = OrderCancelled.selector;
        assembly ("memory-safe") {
            // emit OrderCancelled(orderId, msg.sender, reason, points), written directly
            let m := mload(0x40)
            mstore(m, reason)
            mstore(add(m, 0x20), points)
            log3(m, 0x40, topic, and(orderId, _MASK64), caller())
        }

        _callToken(IPointsToken.refund.selector, buyer, points, orderId);
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
        bool isCart = o.skuId == 0;
        return OrderView({
            id: orderId,
            buyer: o.buyer,
            merchantId: _merchantOf(_skuWord(_orderSkuSlot(orderId, o.skuId))),
            skuId: o.skuId,
            qty: isCart ? 0 : o.qty,
            pointsPaid: o.pointsPaid,
            status: o.status,
            lineCount: isCart ? o.qty : 1
        });
    }

    /// @inheritdoc IPointsMall
    function orderLines(uint64 orderId) external view returns (OrderLine[] memory lines) {
        Order memory o = _orders[orderId];
        if (o.status == OrderStatus.None) revert UnknownOrder(orderId);
        if (o.skuId != 0) {
            lines = new OrderLine[](1);
            lines[0] = OrderLine({skuId: o.skuId, qty: o.qty, pointsPaid: o.pointsPaid});
            return lines;
        }
        lines = new OrderLine[](o.qty);
        for (uint256 i; i < o.qty; ++i) {
            (uint32 skuId, uint16 qty, uint40 points) = _cartLine(orderId, i);
            lines[i] = OrderLine({skuId: skuId, qty: qty, pointsPaid: points});
        }
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

    /// @dev Moves a Placed order the caller may fulfil or cancel to `status`, and returns the order's
    /// slot as it was (see the layout under "the purchase path"), and the storage slot and word of
    /// the SKU that names its merchant (its own, or a cart's first line's).
    function _closeOrder(uint64 orderId, OrderStatus status)
        private
        returns (uint256 order_, uint256 skuSlot, uint256 skuWord)
    {
        uint256 slot;
        uint32 skuId;
        assembly ("memory-safe") {
            mstore(0x00, and(orderId, _MASK64))
            mstore(0x20, _orders.slot)
            slot := keccak256(0x00, 0x40)
            order_ := sload(slot)
            skuId := and(shr(160, order_), 0xffffffff)
        }
        uint256 current = (order_ >> 208) & 0xff; // an OrderStatus
        if (current == uint256(OrderStatus.None)) revert UnknownOrder(orderId);
        if (skuId == 0) (skuId,,) = _cartLine(orderId, 0);
        bytes32 role = FULFILLER;
        assembly ("memory-safe") {
            mstore(0x00, and(skuId, 0xffffffff))
            mstore(0x20, _skus.slot)
            skuSlot := keccak256(0x00, 0x40)
            skuWord := sload(skuSlot)
            // merchantRole(FULFILLER, the SKU's merchant)
            mstore(0x00, role)
            mstore(0x20, and(shr(224, skuWord), 0xffff))
            role := keccak256(0x00, 0x40)
        }
        _checkRole(role);
        if (current != uint256(OrderStatus.Placed)) revert OrderNotPlaced(orderId, OrderStatus(current));
        assembly ("memory-safe") {
            sstore(slot, or(and(order_, not(shl(208, 0xff))), shl(208, and(status, 0xff))))
        }
    }

    /// @dev The merchant of an order: its SKU's, or for a cart its first line's (a cart is one
    /// merchant's).
    function _orderSkuSlot(uint64 orderId, uint32 skuId) private view returns (uint256) {
        if (skuId == 0) (skuId,,) = _cartLine(orderId, 0);
        return _skuSlot(skuId);
    }

    /// @dev The storage slot of `_skus[skuId]`, hashed once where a path reads and writes it.
    function _skuSlot(uint32 skuId) private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            mstore(0x00, and(skuId, 0xffffffff))
            mstore(0x20, _skus.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    function _skuWord(uint256 skuSlot) private view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(skuSlot)
        }
    }

    /// @dev The merchant in a SKU's storage word.
    function _merchantOf(uint256 skuWord) private pure returns (uint16) {
        return uint16(skuWord >> 224);
    }

    // ------------------------------------------------------------ the purchase path
    //
    // A purchase is the mall's hottest path, so the SKU slot, the order counter, the order, the
    // OrderPlaced log and the call to the token are written in assembly below: each slot read and
    // written once, no memory structs. PointsMallPlain (contracts/test/helpers) is the same logic
    // in plain Solidity, and MallEquivalence.t.sol fuzzes the two against each other. The layouts
    // are the structs' (Solidity packs from the low bits):
    //   Sku:    price 0-39 | stock 40-79 | sold 80-119 | saleStart 120-159 | saleEnd 160-199 |
    //           perWalletLimit 200-223 | merchantId 224-239 | active 240-247 | unlimited 248-255
    //   Order:  buyer 0-159 | skuId 160-191 | qty 192-207 | status 208-215 | pointsPaid 216-255
    //   Counts: merchants 0-15 | categories 16-47 | skus 48-79 | orders 80-143
    // Values narrower than 256 bits may carry dirty upper bits into assembly (Solidity cleans
    // them lazily), so every one is masked where it enters a block.


    /// @dev Takes `qty` units of SKU `skuId` for `buyer` at most `maxPricePerUnit` each, after every
    /// check of a purchase, in this order: the SKU exists, is on sale, its sale window is open,
    /// the quantity is not 0, the price is within the bound, the stock suffices (or `sold` has room,
    /// when unlimited), the wallet limit holds. Returns the SKU's merchant and the points the line
    /// costs (< 2^56: the caller bounds what an order may carry).
    function _takeLine(address buyer, uint32 skuId, uint16 qty, uint40 maxPricePerUnit)
        private
        returns (uint16 merchantId, uint256 points)
    {
        uint256 status; // 0 ok, else the check that failed, in the order above
        uint256 slot;
        uint256 word;
        assembly ("memory-safe") {
            skuId := and(skuId, 0xffffffff)
            qty := and(qty, 0xffff)
            maxPricePerUnit := and(maxPricePerUnit, _MASK40)
            mstore(0x00, skuId)
            mstore(0x20, _skus.slot)
            slot := keccak256(0x00, 0x40)
            word := sload(slot)
            merchantId := and(shr(224, word), 0xffff)
            let price := and(word, _MASK40)
            for {} 1 {} {
                if iszero(merchantId) { status := 1 break }
                if iszero(and(shr(240, word), 0xff)) { status := 2 break }
                if lt(timestamp(), and(shr(120, word), _MASK40)) { status := 3 break }
                let saleEnd := and(shr(160, word), _MASK40)
                if and(iszero(iszero(saleEnd)), iszero(lt(timestamp(), saleEnd))) { status := 4 break }
                if iszero(qty) { status := 5 break }
                if gt(price, maxPricePerUnit) { status := 6 break }
                switch shr(248, word)
                case 0 {
                    if gt(qty, and(shr(40, word), _MASK40)) { status := 7 break }
                    word := sub(word, shl(40, qty)) // stock -= qty
                }
                default {
                    // Unlimited: `sold` counts the units in standing orders and must fit 40 bits.
                    if gt(qty, sub(_MASK40, and(shr(80, word), _MASK40))) { status := 8 break }
                }
                word := add(word, shl(80, qty)) // sold += qty: stock + sold fits 40 bits
                points := mul(price, qty)
                break
            }
        }
        if (status != 0) _revertTake(status, skuId, word, qty, maxPricePerUnit);
        uint256 limit = (word >> 200) & 0xffffff;
        if (limit != 0) {
            uint256 bought = _purchased[skuId][buyer];
            if (bought + qty > limit) revert WalletLimitExceeded(skuId, limit, bought, qty);
            _purchased[skuId][buyer] = bought + qty;
        }
        assembly ("memory-safe") {
            sstore(slot, word)
        }
    }

    /// @dev The error of the check `_takeLine` found failing, with the SKU's values.
    function _revertTake(uint256 status, uint32 skuId, uint256 word, uint16 qty, uint40 maxPricePerUnit)
        private
        pure
    {
        if (status == 1) revert UnknownSku(skuId);
        if (status == 2) revert SkuNotActive(skuId);
        if (status == 3) revert SaleNotStarted(skuId, (word >> 120) & _MASK40);
        if (status == 4) revert SaleEnded(skuId, (word >> 160) & _MASK40);
        if (status == 5) revert ZeroQuantity();
        if (status == 6) revert PriceAboveMax(skuId, word & _MASK40, maxPricePerUnit);
        if (status == 7) revert InsufficientStock(skuId, (word >> 40) & _MASK40, qty);
        revert InsufficientStock(skuId, _MASK40 - ((word >> 80) & _MASK40), qty);
    }

    /// @dev The next order id (ids run from 1; 2^64 orders will not be reached).
    function _nextOrderId() private returns (uint64 orderId) {
        assembly ("memory-safe") {
            let word := add(sload(_counts.slot), shl(80, 1))
            sstore(_counts.slot, word)
            orderId := and(shr(80, word), _MASK64)
        }
    }

    /// @dev Writes a Placed order in one slot (`points` < 2^40, checked by the caller).
    function _storeOrder(uint64 orderId, address buyer, uint32 skuId, uint16 qty, uint256 points) private {
        uint256 placed = uint256(OrderStatus.Placed);
        assembly ("memory-safe") {
            mstore(0x00, and(orderId, _MASK64))
            mstore(0x20, _orders.slot)
            let packed := or(and(buyer, _MASK160), shl(160, and(skuId, 0xffffffff)))
            packed := or(packed, or(shl(192, and(qty, 0xffff)), shl(208, placed)))
            sstore(keccak256(0x00, 0x40), or(packed, shl(216, points)))
        }
    }

    /// @dev emit OrderPlaced(orderId, buyer, skuId, merchantId, qty, points), written directly.
    function _logOrderPlaced(uint64 orderId, address buyer, uint32 skuId, uint16 merchantId, uint16 qty, uint256 points)
        private
    {
        bytes32 topic = OrderPlaced.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, and(merchantId, 0xffff))
            mstore(add(m, 0x20), and(qty, 0xffff))
            mstore(add(m, 0x40), points)
            log4(m, 0x60, topic, and(orderId, _MASK64), and(buyer, _MASK160), and(skuId, 0xffffffff))
        }
    }

    /// @dev Calls the token's `burn(account, amount, ref)`, `refund(account, amount, ref)` or
    /// `finalizeBurn(amount, ref)` (then `account` is unused) with the order id as reference, and
    /// passes a revert on as it is. The token is immutable and has code, so no extcodesize check.
    function _callToken(bytes4 selector, address account, uint256 amount, uint64 orderId) private {
        address target = address(token);
        bool withAccount = selector != IPointsToken.finalizeBurn.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            let args := add(m, 4)
            if withAccount {
                mstore(args, and(account, _MASK160))
                args := add(args, 0x20)
            }
            mstore(args, amount)
            mstore(add(args, 0x20), and(orderId, _MASK64))
            if iszero(call(gas(), target, 0, m, sub(add(args, 0x40), m), 0, 0)) {
                returndatacopy(m, 0, returndatasize())
                revert(m, returndatasize())
            }
        }
    }

    /// @dev Puts `qty` units of SKU `skuId` that `buyer` had ordered back: stock, sold, wallet count.
    function _returnLine(address buyer, uint32 skuId, uint16 qty, uint256 slot, uint256 word) private {
        assembly ("memory-safe") {
            qty := and(qty, 0xffff)
            // stock += qty unless unlimited: stock + sold fits 40 bits (restock keeps it so), and
            // sold holds at least the qty of every standing order.
            if iszero(shr(248, word)) { word := add(word, shl(40, qty)) }
            sstore(slot, sub(word, shl(80, qty)))
            // _purchased[skuId][buyer]: the wallet count is kept only while a SKU has a limit, so
            // it may hold less than qty; it never goes below 0.
            mstore(0x00, and(skuId, 0xffffffff))
            mstore(0x20, _purchased.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, and(buyer, _MASK160))
            let countSlot := keccak256(0x00, 0x40)
            let bought := sload(countSlot)
            if bought { sstore(countSlot, mul(gt(bought, qty), sub(bought, qty))) }
        }
    }

    function _packLine(uint32 skuId, uint16 qty, uint256 points) private pure returns (uint256) {
        return uint256(skuId) | (uint256(qty) << 32) | (points << 48);
    }

    /// @dev Line `i` of cart order `orderId`.
    function _cartLine(uint64 orderId, uint256 i) private view returns (uint32 skuId, uint16 qty, uint40 points) {
        uint256 line = _cartLines[orderId][i >> 1] >> ((i & 1) * 128);
        return (uint32(line), uint16(line >> 32), uint40(line >> 48));
    }

    /// @dev Refuses every role to the trusted forwarder: through it, anyone could use the role.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (isTrustedForwarder(account)) revert RoleForForwarder(role, account);
        return super._grantRole(role, account);
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
