import { FileDoneOutlined } from '@ant-design/icons';

/** The system's mark: a plain icon on the city's red, no invented emblem. */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        width: size,
        height: size,
        borderRadius: size / 4,
        background: '#b0271d',
        color: '#ffd666',
        fontSize: size * 0.56,
        flex: 'none',
      }}
    >
      <FileDoneOutlined />
    </span>
  );
}
