package io.cagelab.sandbox;

/**
 * The account a sandbox belongs to, and what that account may see of others' sandboxes.
 *
 * @param accountId the account's number, which also gives the sandbox its distinct UID
 * @param admin whether the account sees and manages every sandbox
 */
public record SandboxOwner(long accountId, String username, boolean admin) {

	boolean mayManage(Sandbox sandbox) {
		return this.admin || sandbox.ownerId() == this.accountId;
	}

}
