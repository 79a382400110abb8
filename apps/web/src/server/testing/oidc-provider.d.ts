// oidc-provider ships no types; the little of it the test provider uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type TInteraction = { uid: string; params: Record<string, unknown> };
  type TAccount = { accountId: string; claims: () => Record<string, unknown> };
  type TGrant = { addOIDCScope(scope: string): void; save(): Promise<string> };

  export default class Provider {
    constructor(
      issuer: string,
      configuration: Record<string, unknown> & {
        findAccount?: (ctx: unknown, sub: string) => TAccount | undefined;
        interactions?: { url: (ctx: unknown, interaction: TInteraction) => string };
      },
    );
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<TInteraction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Grant: new (opts: { accountId: string; clientId: string }) => TGrant;
  }
}
