/** Why a form's action failed, in the sentence the server gave, read out when it appears; nothing when there is none. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="error small">
      {message}
    </p>
  );
}
