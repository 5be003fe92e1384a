// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "solady/src/tokens/ERC20.sol";

/// @dev Benchmark reference: Solady's ERC-20 with an ungated mint, and a bare "redeem": burn the
/// price, take one unit from a stock counter, emit one event. No roles, no orders. Not part of
/// the product.
contract SoladyReferenceToken is ERC20 {
    mapping(uint256 sku => uint256 units) public stock;

    event RedeemedLike(address indexed buyer, uint256 indexed sku, uint256 price);

    function name() public pure override returns (string memory) {
        return "Solady Reference";
    }

    function symbol() public pure override returns (string memory) {
        return "SLR";
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function mintBatch(address[] calldata to, uint256[] calldata amounts) external {
        for (uint256 i; i < to.length; ++i) {
            _mint(to[i], amounts[i]);
        }
    }

    function setStock(uint256 sku, uint256 units) external {
        stock[sku] = units;
    }

    function redeemLike(uint256 sku, uint256 price) external {
        _burn(msg.sender, price);
        stock[sku] -= 1;
        emit RedeemedLike(msg.sender, sku, price);
    }
}
