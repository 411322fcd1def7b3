// Minimal types for the parts of @lhncbc/ucum-lhc the domain uses (the package ships none).
declare module '@lhncbc/ucum-lhc' {
  interface ConversionResult {
    status: 'succeeded' | 'failed' | 'error';
    toVal: number | null;
    msg: string[];
  }
  interface UcumLhcUtilsInstance {
    convertUnitTo(fromUnitCode: string, fromVal: number, toUnitCode: string): ConversionResult;
  }
  export const UcumLhcUtils: { getInstance(): UcumLhcUtilsInstance };
  const ucum: { UcumLhcUtils: typeof UcumLhcUtils };
  export default ucum;
}
