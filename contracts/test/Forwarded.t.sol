// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IPointsMall} from "../interfaces/IPointsMall.sol";
import {IPointsToken} from "../interfaces/IPointsToken.sol";
import {Fixture} from "./helpers/Fixture.t.sol";

/// @dev ERC-2771: what a call relayed by the trusted forwarder may do, and for whom.
contract ForwardedTest is Fixture {
    uint256 internal constant CUSTOMER_KEY = 0xC0FFEE;
    address internal customer;
    uint32 internal skuId;

    bytes32 private constant _FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );

    function setUp() public {
        deploySystem(0);
        customer = vm.addr(CUSTOMER_KEY);
        skuId = newSku(newCategory(), 100, 10, 0);
    }

    /// @dev What the forwarder sends: the call, then the address whose signature it checked.
    function forwardedCall(address target, bytes memory data, address signer) internal returns (bool ok, bytes memory ret) {
        vm.prank(address(forwarder));
        (ok, ret) = target.call(abi.encodePacked(data, signer));
    }

    function request(address from, uint256 signerKey, address to, bytes memory data)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory r)
    {
        r = ERC2771Forwarder.ForwardRequestData({
            from: from, to: to, value: 0, gas: 300_000, deadline: uint48(block.timestamp + 600), data: data, signature: ""
        });
        bytes32 structHash = keccak256(
            abi.encode(_FORWARD_REQUEST_TYPEHASH, from, to, 0, r.gas, forwarder.nonces(from), r.deadline, keccak256(data))
        );
        (, string memory name, string memory version, uint256 chainId, address verifying,,) = forwarder.eip712Domain();
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(name)),
                keccak256(bytes(version)),
                chainId,
                verifying
            )
        );
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(signerKey, keccak256(abi.encodePacked("\x19\x01", domain, structHash)));
        r.signature = abi.encodePacked(rr, s, v);
    }

    function test_tokenAndMallTrustOnlyTheirForwarder() public view {
        vm.assertTrue(token.isTrustedForwarder(address(forwarder)), "token trusts its forwarder");
        vm.assertTrue(mall.isTrustedForwarder(address(forwarder)), "mall trusts its forwarder");
        vm.assertEq(token.isTrustedForwarder(alice), false, "not another address");
        vm.assertEq(mall.isTrustedForwarder(address(0)), false, "not the zero address");
    }

    function testFuzz_forwardedTransferMovesTheSignersPoints(uint256 amount) public {
        amount = bound(amount, 1, 1e9);
        give(customer, amount);
        (bool ok,) = forwardedCall(address(token), abi.encodeCall(IERC20.transfer, (bob, amount)), customer);
        vm.assertTrue(ok, "transfer succeeded");
        vm.assertEq(token.balanceOf(customer), 0, "customer paid");
        vm.assertEq(token.balanceOf(bob), amount, "bob received");
        vm.assertEq(token.balanceOf(address(forwarder)), 0, "the forwarder holds nothing");
    }

    function testFuzz_aDirectCallActsForItsCallerWhateverItAppends(address pretended) public {
        vm.assume(pretended != bob && pretended != address(0) && pretended != alice);
        give(pretended, 50);
        give(bob, 10);
        vm.prank(bob);
        (bool ok, bytes memory ret) =
            address(token).call(abi.encodePacked(abi.encodeCall(IERC20.transfer, (alice, 50)), pretended));
        vm.assertEq(ok, false, "bob cannot spend the appended account's points");
        vm.assertEq(
            keccak256(ret),
            keccak256(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 10, 50)),
            "reverted for bob's balance"
        );
        vm.assertEq(token.balanceOf(pretended), 50, "untouched");
    }

    function test_forwardedApproveAndTransferFromActForTheSigner() public {
        give(alice, 40);
        (bool ok,) = forwardedCall(address(token), abi.encodeCall(IERC20.approve, (customer, 30)), alice);
        vm.assertTrue(ok, "approve succeeded");
        vm.assertEq(token.allowance(alice, customer), 30, "alice approved the customer");
        (ok,) = forwardedCall(address(token), abi.encodeCall(IERC20.transferFrom, (alice, bob, 30)), customer);
        vm.assertTrue(ok, "transferFrom succeeded");
        vm.assertEq(token.allowance(alice, customer), 0, "the customer's allowance was spent");
        vm.assertEq(token.balanceOf(bob), 30, "bob received");
    }

    function test_forwardedRedeemOrdersAndChargesTheSigner() public {
        give(customer, 250);
        (bool ok,) = forwardedCall(address(mall), abi.encodeCall(IPointsMall.redeem, (skuId, 2, 100)), customer);
        vm.assertTrue(ok, "redeem succeeded");
        vm.assertEq(mall.order(1).buyer, customer, "the order is the customer's");
        vm.assertEq(token.balanceOf(customer), 50, "the customer paid 200");
        vm.assertEq(mall.purchased(skuId, address(forwarder)), 0, "nothing counted for the forwarder");
    }

    function test_rolesAreNeverExercisedThroughTheForwarder() public {
        (bool ok, bytes memory ret) =
            forwardedCall(address(token), abi.encodeCall(IPointsToken.issue, (alice, 1, bytes32("x"))), issuer);
        vm.assertEq(ok, false, "an issuer's request is not an issuer's call");
        vm.assertEq(
            keccak256(ret),
            keccak256(abi.encodeWithSignature("AccessControlUnauthorizedAccount(address,bytes32)", address(forwarder), token.ISSUER_ROLE())),
            "the forwarder itself is refused"
        );
        (ok,) = forwardedCall(address(token), abi.encodeWithSignature("pause()"), pauser);
        vm.assertEq(ok, false, "a pauser's request does not pause");
        vm.assertEq(token.paused(), false, "not paused");
    }

    function test_theForwarderExecutesARequestTheCustomerSigned() public {
        give(customer, 100);
        ERC2771Forwarder.ForwardRequestData memory r =
            request(customer, CUSTOMER_KEY, address(token), abi.encodeCall(IERC20.transfer, (bob, 60)));
        vm.assertTrue(forwarder.verify(r), "verifies");
        vm.prank(alice); // any relayer
        forwarder.execute(r);
        vm.assertEq(token.balanceOf(bob), 60, "bob received");
        vm.assertEq(forwarder.nonces(customer), 1, "nonce used");

        vm.expectRevert(); // the same request again: its nonce is spent, so its signer no longer matches
        forwarder.execute(r);
    }

    function test_aRequestCannotActForAnotherAddress() public {
        give(alice, 100);
        // Signed by the customer but naming Alice as `from`.
        ERC2771Forwarder.ForwardRequestData memory r =
            request(alice, CUSTOMER_KEY, address(token), abi.encodeCall(IERC20.transfer, (bob, 60)));
        vm.assertEq(forwarder.verify(r), false, "does not verify");
        (bool ok, bytes memory ret) = address(forwarder).call(abi.encodeCall(ERC2771Forwarder.execute, (r)));
        vm.assertEq(ok, false, "refused");
        vm.assertEq(bytes4(ret), ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, "ERC2771ForwarderInvalidSigner");
        vm.assertEq(token.balanceOf(alice), 100, "alice keeps her points");
    }

    function test_aRequestWhoseCallFailsRevertsWhole() public {
        ERC2771Forwarder.ForwardRequestData memory r =
            request(customer, CUSTOMER_KEY, address(mall), abi.encodeCall(IPointsMall.redeem, (skuId, 1, 100)));
        vm.expectRevert(Errors.FailedCall.selector);
        forwarder.execute(r);
        vm.assertEq(forwarder.nonces(customer), 0, "the nonce is not spent");
    }
}
